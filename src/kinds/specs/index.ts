export { specKind, characteristicViewSchema, type CharacteristicView } from './spec.kind.js';
