import type { UploadedFile } from "../../api/contract";

/** Files a user picked, as the import and drift endpoints take them (bytes as base64, so zips survive). */
export async function readUploads(files: readonly File[]): Promise<UploadedFile[]> {
  return Promise.all(
    files.map(async (file) => {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = "";
      // Chunked: String.fromCharCode with a whole file's bytes as arguments overflows the stack.
      for (let at = 0; at < bytes.length; at += 0x8000) {
        binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
      }
      return { name: file.name, content_base64: btoa(binary) };
    }),
  );
}

/** What the file inputs of "Import" and "Compare with what runs" accept. */
export const CONFIG_ACCEPT =
  ".json,.properties,.yml,.yaml,.cql,.sql,.conf,.tsv,.py,.zip,application/json,application/zip";
