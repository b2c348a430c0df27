import { homedir } from 'node:os';
import { join } from 'node:path';

/** The folder Headroom keeps its files in: `$HEADROOM_HOME`, else `~/.headroom`. */
export function headroomHome(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.HEADROOM_HOME?.trim();
  return override ? override : join(homedir(), '.headroom');
}
