// `node --import ./register.mjs`: routes `electron` to the stand-in for the whole process.
import { register } from 'node:module';
register('./hooks.mjs', import.meta.url);
