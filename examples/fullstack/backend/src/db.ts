/** The slice of pg's Pool/Client the app uses, so tests can pass a fake. */
export interface Queryable {
  query<R extends object = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}
