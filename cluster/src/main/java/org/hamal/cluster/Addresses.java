package org.hamal.cluster;

/** Event-bus addresses shared by every node. */
public final class Addresses {

  /** Published once per new report, to every node: body is the report's API JSON. */
  public static final String REPORT_CREATED = "hamal.reports.created";

  private Addresses() {}
}
