// Where the browser tests save screenshots: an ignored folder, never the tracked docs/screenshots/.
// `npm run screenshots` runs the browser tests and copies what they saved into docs/screenshots/.
import path from 'node:path';

export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', '.tmp', 'screenshots');

/** Path of a screenshot file (e.g. `app-overview.png`) in the ignored screenshot folder. */
export const screenshotPath = (file: string) => path.join(SCREENSHOT_DIR, file);
