#ifndef TOTSUGO_CLIBXML2_SHIM_H
#define TOTSUGO_CLIBXML2_SHIM_H

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
