/* kiln — build machine images from Packer templates. The stable C API.
 *
 * Conventions (see README "C API"):
 *  - every function returns a kiln_status (0 = KILN_OK, negative = error) unless it says otherwise;
 *    on error, kiln_last_error() describes it (thread-local, never NULL);
 *  - handles are opaque; what kiln_X_new/load creates, kiln_X_free releases (NULL-safe);
 *  - strings are UTF-8; returned strings are owned by the library unless documented otherwise;
 *  - options structs begin with `unsigned int version`; initialise them with the _INIT macro.
 * This header compiles as C99 and as C++. */
#ifndef KILN_H
#define KILN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(KILN_BUILDING)
#define KILN_API __attribute__((visibility("default")))
#else
#define KILN_API
#endif

#define KILN_VERSION_MAJOR 0
#define KILN_VERSION_MINOR 1
#define KILN_VERSION_PATCH 0

typedef enum kiln_status {
  KILN_OK = 0,
  KILN_ERROR = -1,
  KILN_ENOTFOUND = -3,
  KILN_EINVALID = -4,
  KILN_EVERSION = -5,
  KILN_ECANCELLED = -6,
  KILN_EUSER = -7,
  KILN_ETEMPLATE = -8,
  KILN_ECONFIG = -9,
  KILN_ECOMM = -10,
  KILN_EREMOTE = -11,
  KILN_EBUILD = -12
} kiln_status;

typedef struct kiln_error {
  int code;            /* a kiln_status */
  const char *message; /* UTF-8, owned by the library, valid until the next failing call on this thread */
} kiln_error;

/** The library version, "MAJOR.MINOR.PATCH". @since 0.1 */
KILN_API const char *kiln_version(void);

/** The last error on this thread; never NULL (code KILN_OK and "" when none). @since 0.1 */
KILN_API const kiln_error *kiln_last_error(void);

/** Forgets the last error on this thread. @since 0.1 */
KILN_API void kiln_error_clear(void);

#ifdef __cplusplus
}
#endif

#endif /* KILN_H */
