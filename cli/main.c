#include <stdio.h>
#include "samc/samc.h"
int main(void) { puts(SAMC_VERSION); return 0; }
