#ifndef TOTSUGO_CLIBXML2_SHIM_H
#define TOTSUGO_CLIBXML2_SHIM_H

/* Debian builds libxml2 with ICU, so encoding.h would pull in the system's <unicode/*.h>.
 * Swift's Foundation carries its own ICU (_FoundationICU) with different definitions of the
 * same types ("'UErrorCode' has different definitions in different modules"), which broke
 * builds of modules importing both, intermittently. totsugo never touches the ICU members
 * (pointers at the end of xmlCharEncodingHandler), so the shim hides them. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

/* Swift 6 rejects the global function pointer xmlFree ("not concurrency-safe"). */
static inline void totsugo_xmlFree(void *p) { xmlFree(p); }

#endif
