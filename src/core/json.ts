/** A value that survives JSON.stringify/parse unchanged: the only kind of value we store. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
