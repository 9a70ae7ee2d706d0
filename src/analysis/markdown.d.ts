/** Rule docs are bundled as text by esbuild (`loader: { '.md': 'text' }`). */
declare module '*.md' {
  const content: string;
  export default content;
}
