// The part of Electron's API this app uses, declared by hand: `electron` is an optional dependency whose
// install step downloads the Electron binary, so it is absent wherever that download fails, and type checks
// must not depend on it.
// Names and signatures follow Electron's own typings (Electron 28+).
declare module 'electron' {
  export interface Rectangle { x: number; y: number; width: number; height: number }

  export interface WebPreferences {
    preload?: string;
    contextIsolation?: boolean;
    sandbox?: boolean;
    nodeIntegration?: boolean;
    nodeIntegrationInWorker?: boolean;
    nodeIntegrationInSubFrames?: boolean;
    webSecurity?: boolean;
    allowRunningInsecureContent?: boolean;
    experimentalFeatures?: boolean;
    webviewTag?: boolean;
    navigateOnDragDrop?: boolean;
    spellcheck?: boolean;
    devTools?: boolean;
  }

  export interface BrowserWindowConstructorOptions {
    x?: number;
    y?: number;
    width?: number;
    height?: number;
    minWidth?: number;
    minHeight?: number;
    title?: string;
    show?: boolean;
    backgroundColor?: string;
    webPreferences?: WebPreferences;
  }

  export interface WebFrameMain {
    readonly url: string;
    readonly origin: string;
    readonly parent: WebFrameMain | null;
  }

  export interface HandlerDetails { url: string }
  export type WindowOpenHandlerResponse = { action: 'deny' } | { action: 'allow' };

  export interface WebContents {
    readonly id: number;
    send(channel: string, ...args: unknown[]): void;
    getURL(): string;
    isDestroyed(): boolean;
    on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void; url: string }, url: string) => void): this;
    on(event: 'did-finish-load', listener: () => void): this;
    setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void;
  }

  export class BrowserWindow {
    constructor(options?: BrowserWindowConstructorOptions);
    readonly webContents: WebContents;
    loadURL(url: string): Promise<void>;
    show(): void;
    focus(): void;
    close(): void;
    restore(): void;
    maximize(): void;
    setFullScreen(flag: boolean): void;
    isMinimized(): boolean;
    isMaximized(): boolean;
    isFullScreen(): boolean;
    getNormalBounds(): Rectangle;
    setTitle(title: string): void;
    isDestroyed(): boolean;
    on(event: 'closed' | 'ready-to-show' | 'close' | 'focus', listener: () => void): this;
    once(event: 'closed' | 'ready-to-show' | 'close', listener: () => void): this;
    static getAllWindows(): BrowserWindow[];
    static getFocusedWindow(): BrowserWindow | null;
    static fromWebContents(webContents: WebContents): BrowserWindow | null;
  }

  export interface IpcMainInvokeEvent {
    readonly sender: WebContents;
    readonly senderFrame: WebFrameMain | null;
  }

  export interface IpcMain {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown): void;
    removeHandler(channel: string): void;
  }

  export interface IpcRendererEvent { readonly sender: unknown }

  export interface IpcRenderer {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
    removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): this;
  }

  export interface ContextBridge {
    exposeInMainWorld(apiKey: string, api: unknown): void;
  }

  export interface CustomScheme {
    scheme: string;
    privileges?: { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean; corsEnabled?: boolean; stream?: boolean; codeCache?: boolean };
  }

  export interface Protocol {
    registerSchemesAsPrivileged(schemes: CustomScheme[]): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  }

  export interface MenuItemConstructorOptions {
    label?: string;
    role?: 'appMenu' | 'fileMenu' | 'editMenu' | 'viewMenu' | 'windowMenu' | 'quit' | 'reload' | 'toggleDevTools' | 'about' | 'recentDocuments' | 'clearRecentDocuments'
      | 'close' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen';
    type?: 'normal' | 'separator' | 'submenu';
    accelerator?: string;
    enabled?: boolean;
    click?: () => void;
    submenu?: MenuItemConstructorOptions[];
  }

  export class Menu {
    static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
    static setApplicationMenu(menu: Menu | null): void;
  }

  export interface FileFilter { name: string; extensions: string[] }
  export interface OpenDialogOptions { title?: string; defaultPath?: string; properties?: ('openFile' | 'openDirectory' | 'createDirectory')[]; filters?: FileFilter[] }
  export interface OpenDialogReturnValue { canceled: boolean; filePaths: string[] }
  export interface SaveDialogOptions { title?: string; defaultPath?: string; buttonLabel?: string; filters?: FileFilter[]; properties?: ('createDirectory' | 'showOverwriteConfirmation')[] }
  export interface SaveDialogReturnValue { canceled: boolean; filePath?: string }

  export interface Dialog {
    showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<OpenDialogReturnValue>;
    showSaveDialog(window: BrowserWindow, options: SaveDialogOptions): Promise<SaveDialogReturnValue>;
    showErrorBox(title: string, content: string): void;
  }

  export interface Shell {
    showItemInFolder(fullPath: string): void;
    openExternal(url: string): Promise<void>;
  }

  export interface Display { readonly workArea: Rectangle }

  export interface Screen {
    getAllDisplays(): Display[];
    getPrimaryDisplay(): Display;
  }

  export interface App {
    whenReady(): Promise<void>;
    on(event: 'window-all-closed' | 'before-quit' | 'activate', listener: () => void): this;
    on(event: 'second-instance', listener: (event: unknown, argv: string[], workingDirectory: string, additionalData: unknown) => void): this;
    quit(): void;
    getPath(name: 'userData' | 'home' | 'appData'): string;
    addRecentDocument(path: string): void;
    requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean;
    readonly isPackaged: boolean;
  }

  export const app: App;
  export const ipcMain: IpcMain;
  export const ipcRenderer: IpcRenderer;
  export const contextBridge: ContextBridge;
  export const protocol: Protocol;
  export const dialog: Dialog;
  export const shell: Shell;
  export const screen: Screen;
}
