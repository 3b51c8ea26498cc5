package org.hamal.surge.scenario;

import java.util.Random;

/** Makes the report due at {@code seconds} into the run. */
@FunctionalInterface
public interface PayloadGenerator {

  ReportSpec next(double seconds, Random random);
}
