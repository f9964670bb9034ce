/* main.c — the samc command line: dispatches to one command per file.
 * Global options: --help, --version. */
#define _DEFAULT_SOURCE /* sbrk, madvise */
#include <openssl/crypto.h>
#if defined(__GLIBC__)
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#endif
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const command COMMANDS[] = {
	{"transform", "expand a SAM template into plain CloudFormation (JSON)", cmd_transform},
	{"convert", "print a template as JSON or YAML (short-form intrinsics)", cmd_convert},
	{"validate", "lint templates; text, JSON, SARIF or JUnit report", cmd_validate},
	{"lint", "alias of validate", cmd_lint},
	{"graph", "resource dependency graph: creation waves, critical path, deletion order", cmd_graph},
	{"package", "zip local artifacts reproducibly and point the template at them", cmd_package},
	{"deploy", "package, upload and deploy a template to a CloudFormation stack", cmd_deploy},
	{"delete-stack", "delete a stack and its S3 artifacts", cmd_delete_stack},
	{"build", "build functions and layers with local code into .aws-sam/build", cmd_build},
	{"init", "create a project from a SAM app template, git repository, folder or zip", cmd_init},
};

static void print_help(FILE *out)
{
	fprintf(out, "usage: samc [--version] [--help] COMMAND [ARGS]\n\n"
		     "Compile AWS SAM templates into CloudFormation.\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(COMMANDS) / sizeof(COMMANDS[0]); i++)
		fprintf(out, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
	fprintf(out, "\nRun 'samc COMMAND --help' for a command's options.\n"
		     "Exit status: 0 ok, 1 invalid input, 2 usage error, 3 internal or I/O error.\n");
}

/* samc builds and frees large trees of small nodes in one short run. glibc's fast bins keep
 * freed small chunks unmerged and then merge them all at the next large allocation
 * (malloc_consolidate), which costs a fifth of a 10,000-resource transform; without fast bins
 * (tcache still serves small sizes) and with a larger heap top-up the same run is faster.
 * Large templates also fill tens of megabytes of heap: page faults and TLB misses were another
 * fifth of such a run. The heap glibc reserves (HEAP_TOP_PAD) gets transparent huge pages past
 * its first HEAP_SMALL bytes, so runs on small templates keep their footprint; where the kernel
 * has no THP the advice is refused and nothing changes. The threads samc starts (lint's second
 * thread, the zip workers) allocate from that same heap: an arena of their own would be a second
 * heap to fault in. */
#if defined(__GLIBC__) && defined(M_MXFAST) && defined(M_TOP_PAD) && defined(M_ARENA_MAX)
#define HEAP_TOP_PAD (64 << 20)
#define HEAP_SMALL ((uintptr_t)4 << 20)
#define HUGE_PAGE ((uintptr_t)2 << 20)

static void advise_huge_pages(void)
{
#if defined(MADV_HUGEPAGE)
	void *first = malloc(1); /* makes glibc reserve its heap */
	if (!first)
		return;
	uintptr_t lo = ((uintptr_t)first + HEAP_SMALL + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	uintptr_t hi = (uintptr_t)sbrk(0);
	if (hi > lo)
		(void)madvise((void *)lo, hi - lo, MADV_HUGEPAGE);
	free(first);
#endif
}

static void tune_allocator(void)
{
	mallopt(M_MXFAST, 0);
	mallopt(M_TOP_PAD, HEAP_TOP_PAD);
	mallopt(M_ARENA_MAX, 1);
	advise_huge_pages();
}
#else
static void tune_allocator(void)
{
}
#endif

int main(int argc, char **argv)
{
	tune_allocator();
	/* samc needs OpenSSL only for digests: skip reading the system openssl.cnf */
	OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
	if (argc < 2) {
		print_help(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		print_help(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("samc %s\n", SAMC_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof(COMMANDS) / sizeof(COMMANDS[0]); i++)
		if (strcmp(argv[1], COMMANDS[i].name) == 0)
			return COMMANDS[i].run(argc - 1, argv + 1);
	fprintf(stderr, "samc: unknown command '%s'\n", argv[1]);
	print_help(stderr);
	return EXIT_USAGE;
}
