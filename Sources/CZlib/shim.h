// zlib, for SluiceCore/Gzip. No Swift module that uses it imports Foundation.
#include <zlib.h>
