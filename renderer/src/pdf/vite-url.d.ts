// Vite's "?url" imports (the pdf.js worker): the default export is the bundled asset's URL.
declare module '*?url' {
  const url: string;
  export default url;
}
