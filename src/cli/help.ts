/** `amortize --help`: every command and flag, with the exit codes. */
export const HELP = `amortize: probabilistic programming with amortized inference

usage:
  amortize run <model> [--data file] [--backend nuts|rwm|nbe|npe|nle|nre] [options]
      infer and print the posterior summary (default backend: nuts)
  amortize train <model> --backend npe --simulations N --out est/ [--data file]
      train an amortized estimator once and save it (--data supplies the inputs, if any)
  amortize infer <model> --estimator est/ --data many.csv
      infer with a saved estimator on every data set in the file at once
      (the estimator's kind is read from its save: no --backend needed)
  amortize check <model> [--sbc N] [--out dir]
      check the model's semantics (gradients, bijectors, support, simulator vs density)
      and run a quick SBC; exit code 1 when a property fails
      (--out: SBC rank histogram, ECDF-difference and coverage plots)
  amortize compare <model> --backends nuts,rwm,npe [--data file] [--out dir]
      one data set through several backends: medians and 90% intervals side by side
      (--out: compare.svg and each backend's summary)
  amortize demo
      the built-in tour: known problems, answers next to the exact ones

models: a module (.ts, .js, .mjs) exporting a model (default export or \`model\`) and optionally
\`data\` (an object, an array of objects, or a function returning one) and \`reference\` (known
values by name, drawn on plots); or a DSL source file (.amz).
data:   JSON (an object, or an array of objects = many data sets) or CSV (header = names,
        y[1], y[2], ... form a vector, one row = one data set). Inputs the model file's own
        data provides (sizes, covariates) are used for rows that do not give them.

options:
  -d, --data <file>        data file (.json or .csv)
  -b, --backend <name>     nuts, rwm, nbe, npe, nle, nre
      --backends a,b,...   backends to compare
      --chains N --draws N --warmup N     MCMC settings
      --simulations N      simulation budget of amortized backends
      --epochs N           maximum training epochs of amortized backends
      --seed N             seed (the same seed gives the same result)
  -o, --out <dir>          write draws.csv, summary.json, posterior.json (ArviZ layout) there
      --plot               also write SVG plots to --out (marginals, pairs, trace, rank;
                           training curves for amortized backends)
  -e, --estimator <dir>    a saved estimator (infer)
      --sbc N              SBC replications for check (default 20)
      --json               machine-readable output on stdout
  -q, --quiet              no progress bars or status lines
      --debug              print stack traces of errors
  -h, --help               this text

exit codes: 0 ok, 1 check failed, 2 usage error, 3 model or data error, 4 inference error
`;
