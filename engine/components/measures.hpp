#pragma once
// What a task declares it measures: metrics columns and groups, scores, the nature
// fraction, curve files and arms. The run loop, studies and the report read only these.
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "engine/formats/serialization.hpp"

namespace innate {

// What a task measures, declared as data: the run loop, arms, sweeps and the report draw
// whatever a task declares and know no task, arm or column by name.
struct Curve {                                   // a CSV file of learning curves the task writes into the run directory
  std::string file, x, title, x_label, y_label;  // every column but x is a series
  bool log_x = false;                            // x on a log axis (points at x <= 0 are left out of the drawing)
};
struct ColumnGroup {  // metrics.csv columns drawn together, one chart per run
  std::string title, y_label;
  std::vector<std::string> columns;
};
struct NatureFraction {  // (nature - floor) / (full - floor) of result.json scores
  std::string floor, nature, full;
  bool declared() const { return !nature.empty(); }
};
// An arm of a side-by-side comparison (`task.arms`): the scenario with the selector of
// each named section set to a value. A section whose selector already has that value is
// kept with its keys; any other becomes the bare choice (its keys at their defaults).
struct Arm {
  std::string name;
  std::vector<std::pair<std::string, std::string>> sections;  // section -> selector value
  std::vector<std::pair<std::string, std::string>> refuses;   // section -> a value it cannot start from
};
struct ScoreRange {  // the values a score can take (an accuracy's [0, 1]); intervals are cut to it
  double lowest = -std::numeric_limits<double>::infinity(), highest = std::numeric_limits<double>::infinity();
};
struct Measures {
  std::vector<std::string> columns;  // metrics.csv columns after generation,best,mean,std
  std::vector<ColumnGroup> groups;
  std::vector<std::string> scores;  // result.json "scores", in order; a run writes those it measures
  ScoreRange range;                 // of every score
  // Scores compared seed by seed (first - second) in a replicate set: the arms of one
  // seed see the same episodes and examples, so their difference has less noise.
  std::vector<std::pair<std::string, std::string>> paired;
  // Scores that are proportions of the examples they are measured on (result.json
  // "splits": an accuracy on the test images), so that a summary gives the split's own
  // binomial sampling error beside the spread over seeds, which it does not contain.
  std::vector<std::string> sampled;
  NatureFraction fraction;  // none when not declared
  std::vector<Curve> curves;
  std::vector<Arm> arms;  // what task.arms may name
};

// Measures as a run directory keeps them (measures.json), so that what reads a run (the
// report) learns what it declared from the run itself. measures_from_json() throws
// InputError naming `where` when the text is not such a description.
Json measures_json(const Measures& measures);
Measures measures_from_json(const Json& json, const std::string& where);

}  // namespace innate
