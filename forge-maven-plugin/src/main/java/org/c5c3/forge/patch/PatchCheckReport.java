package org.c5c3.forge.patch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The result of checking patch series without applying them, as rows of a table: what the
 * {@code check-patches} goal prints. Fill it with {@link #check} (or {@link #add} for results you
 * already have), print {@link #toTable()}, and fail when {@link #hasFailures()}.
 */
public final class PatchCheckReport {

  /** The status of a patch that applies. */
  public static final String OK = "ok";
  /** The status of a patch that does not. */
  public static final String FAILED = "FAILED";

  /**
   * One row: one patch of one series.
   *
   * @param component the service or library
   * @param release the release directory
   * @param patch the patch file name
   * @param status {@link #OK} or {@link #FAILED}
   * @param problem why it failed (one line), empty when it applied
   */
  public record Row(String component, String release, String patch, String status, String problem) {
    public Row {
      Objects.requireNonNull(component, "component");
      Objects.requireNonNull(release, "release");
      Objects.requireNonNull(patch, "patch");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(problem, "problem");
    }

    public boolean failed() {
      return FAILED.equals(status);
    }
  }

  private static final String[] HEADINGS = {"COMPONENT", "RELEASE", "PATCH", "STATUS", "PROBLEM"};

  private final List<Row> rows = new ArrayList<>();

  /** Checks the series against the work tree (which is left untouched) and adds its rows. */
  public List<Row> check(PatchApplier applier, Path workTree, PatchSeries series) {
    return add(series, applier.check(workTree, series));
  }

  /** Adds one row, e.g. for a checkout or an override file that could not be checked. */
  public void add(Row row) {
    rows.add(row);
  }

  /** Adds the rows for results of {@link PatchApplier#check}; returns the rows added. */
  public List<Row> add(PatchSeries series, List<PatchResult> results) {
    List<Row> added = rows(series, results);
    rows.addAll(added);
    return added;
  }

  /** The rows for one series' results, in patch order. */
  public static List<Row> rows(PatchSeries series, List<PatchResult> results) {
    List<Row> out = new ArrayList<>();
    for (PatchResult result : results) {
      out.add(new Row(series.component(), series.release(), result.patch().fileName(),
          result.applied() ? OK : FAILED, oneLine(result.problem())));
    }
    return List.copyOf(out);
  }

  /** A failure message without the patch name that the row already shows, on one line. */
  private static String oneLine(String problem) {
    return problem.lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty())
        .map(line -> line.replaceFirst("^\\S+\\.patch: ", ""))
        .reduce((a, b) -> a + "; " + b)
        .orElse("");
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  public boolean hasFailures() {
    return rows.stream().anyMatch(Row::failed);
  }

  public long failureCount() {
    return rows.stream().filter(Row::failed).count();
  }

  /**
   * The rows as a text table with aligned columns and a heading line; the problem column is last
   * and not padded, so long problems do not widen the others.
   */
  public String toTable() {
    int[] widths = new int[HEADINGS.length - 1];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = HEADINGS[i].length();
    }
    for (Row row : rows) {
      String[] cells = cells(row);
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], cells[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendLine(out, HEADINGS, widths);
    for (Row row : rows) {
      appendLine(out, cells(row), widths);
    }
    return out.toString();
  }

  private static String[] cells(Row row) {
    return new String[] {row.component(), row.release(), row.patch(), row.status(), row.problem()};
  }

  private static void appendLine(StringBuilder out, String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      if (i < widths.length) {
        line.append(String.format("%-" + widths[i] + "s", cells[i])).append("  ");
      } else {
        line.append(cells[i]);
      }
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
