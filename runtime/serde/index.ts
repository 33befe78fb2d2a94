export { createSerde } from './create-serde.ts';
export { validateFormat, resolveDelimiter } from './validate-format.ts';
export { KNOWN_FORMATS, type FormatSpec, type RowSerde, type SerdeColumn, type SerdeOptions } from './format.ts';
