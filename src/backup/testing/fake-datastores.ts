import { OperationFailed } from "../../common/errors.js";
import type { DatastoreOnNode, LocateDatastore, NodeJob, NodeJobResult } from "../swarm-jobs.js";

/** How a fake node answers a job. */
export type Play = (job: NodeJob) => Partial<NodeJobResult>;

/** For unit tests of Swarm backups (never e2e): a datastore on node-3 (pinned unless told), whose jobs are played by a function; every job is recorded. */
export class FakeDatastores {
  readonly jobs: NodeJob[] = [];
  constructor(
    private readonly play: Play,
    private readonly place: { pinned?: boolean; reason?: string; node?: string; missing?: string; env?: Record<string, string>; command?: string[]; image?: string } = {},
  ) {}
  readonly locate: LocateDatastore = async (service) => {
    if (this.place.missing !== undefined) throw new OperationFailed("backup.not-running", this.place.missing);
    const datastore: DatastoreOnNode = {
      service,
      fullName: `shop_${service}`,
      image: this.place.image ?? "postgres:15",
      env: this.place.env ?? { POSTGRES_USER: "notes", POSTGRES_DB: "notes", POSTGRES_PASSWORD: "s3cret" },
      command: this.place.command ?? [],
      nodeName: this.place.node ?? "node-3",
      pinning: this.place.pinned === false ? { pinned: false, reason: this.place.reason ?? "not pinned" } : { pinned: true },
      run: async (job) => {
        this.jobs.push(job);
        return { exitCode: 0, stdout: "", stderr: "", ...this.play(job) };
      },
    };
    return datastore;
  };
}

