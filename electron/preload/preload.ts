// Preload entry (bundled to one CommonJS file: sandboxed preloads may only require 'electron').
import { contextBridge, ipcRenderer } from 'electron';
import { exposeBridge } from './bridge';

exposeBridge(contextBridge, ipcRenderer);
