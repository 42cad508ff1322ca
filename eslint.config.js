import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "public/build/**", "node_modules/**", ".cache/**", ".data/**", "scratch/**", "db/migrations/**"] },
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
  {
    // Only the ledger module may write ledger rows (DESIGN §4).
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/modules/ledger/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name=/^(insert|update|delete)$/] > Identifier[name=/^ledger(Entries|Transactions|Accounts)$/]",
          message: "Only app/modules/ledger writes ledger rows.",
        },
      ],
    },
  },
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
