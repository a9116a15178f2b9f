# Reference values for src/stats/delong-test.ts from R pROC (DeLong, DeLong & Clarke-Pearson 1988).
#
# Called by scripts/reference/stats_reference.py, which generates the inputs and merges the output into
# test/fixtures/reference/paired-tests.json:
#   Rscript scripts/reference/delong_reference.R <cases-in.json> <results-out.json>
# Input: a JSON array of {name, labels: 0/1[], scoresCandidate: number[], scoresBaseline: number[]}.
# Output: a JSON array of {name, ...} whose numbers are strings printed with %.17g, so no digit is lost
# (jsonlite prints at most 15 significant digits).
#
# direction = "<" is forced (controls = label 0 score lower) so pROC never flips a curve whose AUC is
# below 0.5; levels = c(0, 1) makes label 1 the cases (positives).

suppressPackageStartupMessages({
  library(pROC)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript delong_reference.R <cases-in.json> <results-out.json>")

cases <- fromJSON(args[[1]], simplifyVector = TRUE, simplifyDataFrame = FALSE)

exact <- function(x) sprintf("%.17g", as.numeric(x))

results <- lapply(cases, function(case) {
  labels <- as.integer(case$labels)
  rocCandidate <- roc(labels, as.numeric(case$scoresCandidate), levels = c(0, 1), direction = "<", quiet = TRUE)
  rocBaseline <- roc(labels, as.numeric(case$scoresBaseline), levels = c(0, 1), direction = "<", quiet = TRUE)
  test <- suppressWarnings(roc.test(rocCandidate, rocBaseline, method = "delong", paired = TRUE))
  list(
    name = case$name,
    aucCandidate = exact(auc(rocCandidate)),
    aucBaseline = exact(auc(rocBaseline)),
    estimateCandidate = exact(test$estimate[[1]]),
    estimateBaseline = exact(test$estimate[[2]]),
    z = exact(test$statistic[[1]]),
    pValue = exact(test$p.value),
    varianceCandidate = exact(var(rocCandidate, method = "delong")),
    varianceBaseline = exact(var(rocBaseline, method = "delong")),
    covariance = exact(cov(rocCandidate, rocBaseline, method = "delong")),
    method = test$method
  )
})

writeLines(toJSON(results, auto_unbox = TRUE, pretty = FALSE), args[[2]])
cat(sprintf("pROC %s, %s: %d DeLong cases\n", packageVersion("pROC"), R.version.string, length(results)))
