import type { DeskOpenRequest, HomeRecentProject, HomeTemplate, MachineInfo, Opened } from '../../../preload/shared/home/home-api.js';

/**
 * What the home screen's routes need from the desk (main/desk/ implements it): the routes check
 * who asks and the wire shapes; serving projects, windows, recent files and the machine are
 * behind this. Methods throw HttpError for answers other than 200 (404 no such file or template,
 * 400 a project that does not load).
 */
export interface HomeBackend {
  /** Recent projects, each with the latest capacity statement of its tuned events. */
  recent(): Promise<HomeRecentProject[]>;
  forgetRecent(path: string): Promise<HomeRecentProject[]>;
  templates(): Promise<HomeTemplate[]>;
  machine(): Promise<MachineInfo>;
  /** Serves the project (once per file) and shows its window. */
  open(path: string): Promise<Opened>;
  /** Serves a template (an example) as it is. */
  openTemplate(id: string): Promise<Opened>;
  /** Opens the editor on a new project copied from a template. */
  editTemplate(id: string): Promise<Opened>;
  /** A request handed over by a second `demo-desktop` (POST /api/desk/open). */
  handOff(request: DeskOpenRequest): Promise<Opened>;
}
