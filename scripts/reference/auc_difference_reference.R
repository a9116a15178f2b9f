# Reference values for src/stats/auc-difference-interval.ts from R pROC (DeLong, DeLong & Clarke-Pearson 1988).
#
# Called by scripts/reference/inference_reference.py, which generates the inputs and merges the output into
# test/fixtures/reference/inference.json:
#   Rscript scripts/reference/auc_difference_reference.R <cases-in.json> <results-out.json>
# Input: a JSON array of {name, labels: 0/1[], scoresCandidate: number[], scoresBaseline: number[]}.
# Output: per case and confidence level (0.90, 0.95): pROC's AUCs, Z and conf.int of roc.test(paired DeLong),
# and the DeLong variance of the difference (var + var - 2 cov). Numbers are strings printed with %.17g
# (jsonlite would print at most 15 significant digits).
# direction = "<" (label 0 scores lower) and levels = c(0, 1) make label 1 the positives, as model-gate does.

suppressPackageStartupMessages({
  library(pROC)
  library(jsonlite)
})

args <- commandArgs(trailingOnly = TRUE)
if (length(args) != 2) stop("usage: Rscript auc_difference_reference.R <cases-in.json> <results-out.json>")

cases <- fromJSON(args[[1]], simplifyVector = TRUE, simplifyDataFrame = FALSE)
exact <- function(x) sprintf("%.17g", as.numeric(x))

results <- lapply(cases, function(case) {
  labels <- as.integer(case$labels)
  rocCandidate <- roc(labels, as.numeric(case$scoresCandidate), levels = c(0, 1), direction = "<", quiet = TRUE)
  rocBaseline <- roc(labels, as.numeric(case$scoresBaseline), levels = c(0, 1), direction = "<", quiet = TRUE)
  variance <- var(rocCandidate, method = "delong") + var(rocBaseline, method = "delong") -
    2 * cov(rocCandidate, rocBaseline, method = "delong")
  levels <- lapply(c(0.90, 0.95), function(level) {
    test <- roc.test(rocCandidate, rocBaseline, method = "delong", paired = TRUE, conf.level = level)
    list(
      confidence = exact(level),
      z = exact(test$statistic[[1]]),
      ciLower = exact(test$conf.int[[1]]),
      ciUpper = exact(test$conf.int[[2]])
    )
  })
  list(
    name = case$name,
    aucCandidate = exact(auc(rocCandidate)),
    aucBaseline = exact(auc(rocBaseline)),
    varianceOfDifference = exact(variance),
    levels = levels
  )
})

writeLines(toJSON(results, auto_unbox = TRUE, pretty = FALSE), args[[2]])
