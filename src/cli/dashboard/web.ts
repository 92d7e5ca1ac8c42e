/** Placeholder replaced when the web dashboard lands. @module */
export async function startWebDashboard(_o: { storage: string; host: string; port: number }): Promise<{ url: string; closed: Promise<void> }> {
  throw new Error("not yet");
}
