/**
 * The report files as a workflow artifact (@actions/artifact): uploaded by the evaluating run, downloaded by a
 * `publish` run from the run that triggered it (through the REST API, so the token needs `actions: read`).
 */
import { ArtifactNotFoundError, DefaultArtifactClient } from '@actions/artifact';

export interface ArtifactLocation {
  runId: number;
  owner: string;
  repo: string;
  token: string;
}

export interface ReportArtifactStore {
  /** Whether this job can upload at all (outside Actions, or on GHES, it cannot). */
  canUpload(): boolean;
  upload(name: string, files: string[], rootDirectory: string): Promise<{ id: number | null }>;
  /** Downloads the artifact into `destination`; 'absent' when the run has no artifact of that name. */
  download(name: string, from: ArtifactLocation, destination: string): Promise<'found' | 'absent'>;
}

export function createReportArtifactStore(env: Record<string, string | undefined>): ReportArtifactStore {
  const client = new DefaultArtifactClient();
  return {
    canUpload: () => Boolean(env.ACTIONS_RUNTIME_TOKEN && env.ACTIONS_RESULTS_URL),
    async upload(name, files, rootDirectory) {
      const response = await client.uploadArtifact(name, files, rootDirectory);
      return { id: response.id ?? null };
    },
    async download(name, from, destination) {
      const findBy = {
        token: from.token,
        workflowRunId: from.runId,
        repositoryOwner: from.owner,
        repositoryName: from.repo,
      };
      let artifactId: number;
      try {
        artifactId = (await client.getArtifact(name, { findBy })).artifact.id;
      } catch (error) {
        if (error instanceof ArtifactNotFoundError) return 'absent';
        throw error;
      }
      await client.downloadArtifact(artifactId, { findBy, path: destination });
      return 'found';
    },
  };
}
