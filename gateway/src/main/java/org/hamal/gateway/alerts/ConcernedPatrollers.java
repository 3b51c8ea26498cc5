package org.hamal.gateway.alerts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.hamal.cluster.alerts.Alert;
import org.hamal.cluster.processors.PatrollerPosition;
import org.hamal.geo.alerts.AlertAreas;

/**
 * The patrollers an alert concerns when it comes: on duty, with token districts that overlap the
 * alert's districts, or with a last position inside one of its areas.
 */
public final class ConcernedPatrollers {

  private ConcernedPatrollers() {}

  public static List<Alert.Patroller> of(
      Set<String> areaIds, Set<String> districts, AlertAreas areas, Collection<PatrollerPosition> onDuty) {
    List<Alert.Patroller> out = new ArrayList<>();
    for (PatrollerPosition p : onDuty) {
      boolean byDistrict = p.districts().stream().anyMatch(districts::contains);
      if (byDistrict || areas.covering(p.lon(), p.lat()).stream().anyMatch(a -> areaIds.contains(a.id()))) {
        out.add(new Alert.Patroller(p.subject(), p.districts(), null));
      }
    }
    return out;
  }
}
