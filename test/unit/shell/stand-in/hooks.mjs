// ESM resolve hook (registered with module.register): `electron` resolves to the recording stand-in.
const standIn = new URL('./electron.mjs', import.meta.url).href;
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: standIn, shortCircuit: true };
  return next(specifier, context);
}
