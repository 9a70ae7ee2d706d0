/** Entry point of the timeline webview bundle (`dist/webview/timeline.js` + `.css`). */
import './timeline.css';
import { TimelineApp, type VsCodeApi } from './app';

declare function acquireVsCodeApi(): VsCodeApi;

const root = document.getElementById('app');
if (root) new TimelineApp(root, acquireVsCodeApi()).start();
