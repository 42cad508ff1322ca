import { sql, type SQL, type SQLWrapper } from "drizzle-orm";

/**
 * `column in (<values>)` with the list as ONE JSON parameter: the statement's text is the same
 * whatever the number of values, so it is prepared once per connection, and building it costs
 * the same for 1 or 1,000 values.
 */
export function inJsonList(column: SQLWrapper, values: readonly string[], type: "uuid" | "text" = "uuid"): SQL {
  return sql`${column} in (select value::${sql.raw(type)} from json_array_elements_text(${JSON.stringify(values)}::json))`;
}
