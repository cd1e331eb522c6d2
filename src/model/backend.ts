// The engines a run can use: in one thread (memory), on a worker pool (parallel), or
// through a temporary search index (search, for very large communities); auto lets the
// planner choose.

export type Backend = "memory" | "parallel" | "search";
export type BackendChoice = Backend | "auto";
