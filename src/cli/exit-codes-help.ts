// The exit codes, as `aggregate --help` lists them after the flags (the README says the same).

export const EXIT_CODES_HELP = `
Exit codes:
  0    done (also when the reader of --out - took everything before closing it)
  1    anything else (documents refused by the OpenSearch sink)
  2    bad usage
  16   another run writing the same output holds its lock (--lock-wait); nothing was done
  65   invalid input (with --on-invalid fail), or a missing input file
  69   OpenSearch unavailable (after the retries), refusing the credentials, or a missing index
  71   a process limit too low (open files, ulimit -n; memory, ulimit -v): the message names it
  73   an output (--out, --rejects, the bookmarks) cannot be created; checked before any input is read
  74   writing an output failed part way (a full disk): the old output stays, no temporary file is left
  75   timed out: the complete days were written, run again (--since-bookmark) to finish
  130  interrupted (Ctrl-C, SIGTERM) in any phase: nothing replaced the output, no bookmark moved
       (the OpenSearch sink keeps what it wrote, and its bookmarks move that far)
  141  the reader closed stdout (or the pipe given as --out) before every document was handed over;
       the summary says how many were (help, status or demo text: 141, nothing said)
Errors are one line on stderr; the summary closes every run that got through its aggregation,
also when the write then fails (its one line comes after the summary).
`;
