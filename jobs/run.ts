// `npm run jobs`: the scheduler alone, without the web server.
import { db } from "../lib/db";
import { startScheduler } from "./scheduler";

db(); // migrate and seed before the first pass
startScheduler();
