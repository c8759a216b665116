// libxlsxwriter from Debian's packages (apt-get install libxlsxwriter-dev).
#include <xlsxwriter.h>
