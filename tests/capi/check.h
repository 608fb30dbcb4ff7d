/* CHECK for the C API's test programs, C and C++: a failed check is counted in `failures` and printed
 * with kiln's last error on this thread. */
#ifndef KILN_TEST_CHECK_H
#define KILN_TEST_CHECK_H

#include <stdio.h>

#include "kiln.h"

static int failures = 0;
#define CHECK(cond)                                                                                  \
  do {                                                                                               \
    if (!(cond)) {                                                                                   \
      ++failures;                                                                                    \
      fprintf(stderr, "%s:%d: CHECK failed: %s (%s)\n", __FILE__, __LINE__, #cond, kiln_last_error()->message); \
    }                                                                                                \
  } while (0)

#endif
