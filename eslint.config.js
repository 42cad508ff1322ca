import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// Only the ledger module may write ledger rows (DESIGN §4).
const ledgerWrites = {
  selector: "CallExpression[callee.property.name=/^(insert|update|delete)$/] > Identifier[name=/^ledger(Entries|Transactions|Accounts)$/]",
  message: "Only app/modules/ledger writes ledger rows.",
};
// One clock, the organization's (issue 15): a UTC date taken from an instant is the wrong day after 4 pm in California.
const utcDates = {
  selector: "CallExpression[callee.property.name='slice'][callee.object.type='CallExpression'][callee.object.callee.property.name='toISOString']",
  message: "Take dates through app/modules/dates (todayIn, dayIn, isoInZone), in the organization's time zone.",
};

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", ".cache/**", ".data/**", "scratch/**", "db/migrations/**", "bench/pages/bare/build/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      "@typescript-eslint/no-non-null-assertion": "off",
      "no-console": "off",
    },
  },
  // Later entries replace no-restricted-syntax for the files they match, so each lists every selector it keeps.
  { files: ["app/**/*.{ts,tsx}", "server/**/*.ts"], rules: { "no-restricted-syntax": ["error", utcDates] } },
  { files: ["app/**/*.{ts,tsx}"], ignores: ["app/modules/ledger/**"], rules: { "no-restricted-syntax": ["error", ledgerWrites, utcDates] } },
  {
    // One validation timing for every form (validate on submit, revalidate on input): issue 11.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/components/form.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "@conform-to/react", importNames: ["useForm"], message: "Use useStableForm from ~/components/form." }] },
      ],
    },
  },
  {
    // Bodies are read under caps: readForm (forms) or readBoundedBody (raw bodies), never directly.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/modules/http/bounded-body.server.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        ...["formData", "text", "json", "arrayBuffer", "blob"].map((property) => ({
          object: "request",
          property,
          message: "Read request bodies with readForm (app/modules/forms/read-form.server.ts) or readBoundedBody.",
        })),
      ],
    },
  },
);
