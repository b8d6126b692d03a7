/* initguid.h - StackLint embedded kernel prelude: makes the DEFINE_GUIDs that follow define their GUIDs. */
#define INITGUID
#include <guiddef.h>
