/** Lets the webview entry import its stylesheet; esbuild emits it as `dist/webview/timeline.css`. */
declare module '*.css';
