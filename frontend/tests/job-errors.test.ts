import { describe, expect, it } from "vitest";
import { JOBS_DOWN_MESSAGE, jobErrorText } from "../src/lib/job-errors";

describe("jobErrorText", () => {
  it("shows the server's own message when jobs are unavailable (503)", () => {
    const server = "Redis is down: jobs cannot run, your design is saved";
    expect(jobErrorText("Analysis", { status: 503, message: server })).toEqual({
      message: server,
      jobsDown: true,
    });
  });

  it("falls back to the jobs-down sentence when a 503 carries no message", () => {
    expect(jobErrorText("Bundle generation", { status: 503, message: "" })).toEqual({
      message: JOBS_DOWN_MESSAGE,
      jobsDown: true,
    });
    expect(JOBS_DOWN_MESSAGE).toContain("your design is saved");
  });

  it("names the action for any other failure", () => {
    expect(jobErrorText("Export", { status: 500, message: "Graphviz crashed" })).toEqual({
      message: "Export failed: Graphviz crashed",
      jobsDown: false,
    });
    expect(jobErrorText("Analysis", new Error("network down")).message).toBe("Analysis failed: network down");
    expect(jobErrorText("Analysis", null).message).toBe("Analysis failed: unknown error");
  });
});
