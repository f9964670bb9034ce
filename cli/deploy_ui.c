/* deploy_ui.c — the terminal side of deploy and delete-stack: SAM CLI-style tables (width
 * max(terminal, 100) split evenly, wrapped cells, coloured rows), Ctrl-C, prompts, callbacks. */
#define _POSIX_C_SOURCE 200809L
#include "deploy_ui.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static volatile sig_atomic_t interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

void ui_catch_interrupt(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
}

int ui_interrupted(void)
{
	return interrupted != 0;
}

void ui_init(ui_state *ui, const char *stack_name, unsigned delay_ms)
{
	memset(ui, 0, sizeof(*ui));
	ui->colour = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	ui->stack_name = stack_name;
	ui->delay_ms = delay_ms;
}

void ui_clear(ui_state *ui)
{
	for (size_t i = 0; i < ui->nfailures; i++)
		free(ui->failures[i]);
	free(ui->failures);
	ui->failures = NULL;
	ui->nfailures = 0;
}

static size_t table_width(size_t ncols)
{
	struct winsize ws;
	size_t cols = 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0)
		cols = ws.ws_col;
	if (cols < 100)
		cols = 100;
	return cols - cols % ncols;
}

void ui_table_rule(size_t n)
{
	size_t w = table_width(n);
	for (size_t i = 0; i < w; i++)
		putchar('-');
	putchar('\n');
}

/* How many bytes of s fit in width columns without splitting a UTF-8 sequence; prefers to
 * break after a blank. */
static size_t chunk_len(const char *s, size_t width)
{
	size_t n = strlen(s);
	if (n <= width)
		return n;
	size_t cut = width;
	while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	for (size_t i = cut; i > width / 2; i--)
		if (s[i - 1] == ' ')
			return i;
	return cut ? cut : 1;
}

static void print_row(const char *const *cells, size_t n, const char *colour, bool use_colour)
{
	size_t colw = table_width(n) / n;
	const char *rest[8];
	if (n > 8)
		n = 8;
	for (size_t i = 0; i < n; i++)
		rest[i] = cells[i] ? cells[i] : "-";
	bool more = true;
	while (more) {
		more = false;
		if (use_colour && colour)
			fputs(colour, stdout);
		for (size_t i = 0; i < n; i++) {
			size_t len = chunk_len(rest[i], colw - 1);
			printf("%.*s", (int)len, rest[i]);
			if (i + 1 < n)
				printf("%*s", (int)(colw - len), "");
			rest[i] += len;
			while (*rest[i] == ' ')
				rest[i]++;
			more = more || *rest[i];
		}
		if (use_colour && colour)
			fputs("\033[0m", stdout);
		putchar('\n');
	}
}

void ui_table_start(const ui_state *ui, const char *title, const char *const *headers, size_t n)
{
	printf("\n%s\n", title);
	ui_table_rule(n);
	print_row(headers, n, ui->colour ? "\033[1m" : NULL, ui->colour);
	ui_table_rule(n);
}

void ui_table_row(const ui_state *ui, const char *const *cells, size_t n, const char *colour)
{
	print_row(cells, n, colour, ui->colour);
}

static void on_progress(void *ctx, const char *message)
{
	(void)ctx;
	printf("%s\n", message);
	fflush(stdout);
}

static const char *change_colour(const char *action)
{
	if (strcmp(action, "Add") == 0)
		return UI_GREEN;
	if (strcmp(action, "Remove") == 0)
		return UI_RED;
	return UI_YELLOW;
}

static void on_changeset(void *ctx, const samc_changeset *cs)
{
	ui_state *ui = ctx;
	static const char *const HEADERS[] = {"Operation", "LogicalResourceId", "ResourceType",
					      "Replacement"};
	ui_table_start(ui, "CloudFormation stack changeset", HEADERS, 4);
	size_t n = samc_changeset_count(cs);
	for (size_t i = 0; i < n; i++) {
		const samc_change *c = samc_changeset_get(cs, i);
		const char *cells[] = {c->operation, c->logical_id, c->resource_type, c->replacement};
		ui_table_row(ui, cells, 4, change_colour(c->action));
	}
	if (n == 0) {
		const char *cells[] = {"-", "-", "-", "-"};
		ui_table_row(ui, cells, 4, NULL);
	}
	ui_table_rule(4);
	fflush(stdout);
}

static const char *status_colour(const char *status)
{
	if (strstr(status, "FAILED") || strstr(status, "ROLLBACK"))
		return UI_RED;
	if (strstr(status, "COMPLETE"))
		return UI_GREEN;
	return UI_YELLOW;
}

static const char *const EVENT_HEADERS[] = {"Time", "ResourceStatus", "ResourceType",
					    "LogicalResourceId", "ResourceStatusReason"};

static void remember_failure(ui_state *ui, const samc_stack_event *e)
{
	char **grown = realloc(ui->failures, (ui->nfailures + 1) * sizeof(*grown));
	if (!grown)
		return;
	ui->failures = grown;
	size_t need = strlen(e->logical_id) + strlen(e->resource_type) + strlen(e->status) +
		      (e->reason ? strlen(e->reason) : 1) + 16;
	char *line = malloc(need);
	if (!line)
		return;
	snprintf(line, need, "%s (%s) %s: %s", e->logical_id, e->resource_type, e->status,
		 e->reason ? e->reason : "-");
	ui->failures[ui->nfailures++] = line;
}

static void on_event(void *ctx, const samc_stack_event *e)
{
	ui_state *ui = ctx;
	if (!ui->events_started) {
		char title[128];
		snprintf(title, sizeof(title),
			 "CloudFormation events from stack operations (refresh every %g seconds)",
			 ui->delay_ms / 1000.0);
		ui_table_start(ui, title, EVENT_HEADERS, 5);
		ui->events_started = true;
	}
	char status[256];
	if (e->detailed_status)
		snprintf(status, sizeof(status), "%s - %s", e->status, e->detailed_status);
	else
		snprintf(status, sizeof(status), "%s", e->status);
	char when[20];
	snprintf(when, sizeof(when), "%.10s %.8s", e->timestamp,
		 strlen(e->timestamp) > 11 ? e->timestamp + 11 : "");
	const char *cells[] = {when, status, e->resource_type, e->logical_id, e->reason};
	ui_table_row(ui, cells, 5, status_colour(e->status));
	fflush(stdout);
	if (strstr(e->status, "FAILED"))
		remember_failure(ui, e);
}

static void on_output(void *ctx, const samc_stack_output *o)
{
	ui_state *ui = ctx;
	static const char *const HEADER[] = {"Outputs"};
	if (!ui->outputs_started) {
		ui_table_start(ui, "CloudFormation outputs from deployed stack", HEADER, 1);
		ui->outputs_started = true;
	}
	printf("%-20s %s\n%-20s %s\n%-20s %s\n", "Key", o->key, "Description",
	       o->description ? o->description : "-", "Value", o->value);
	ui_table_rule(1);
}

static int on_confirm(void *ctx, const samc_changeset *cs)
{
	(void)ctx;
	(void)cs;
	return ui_ask_yes("Deploy this changeset?", false);
}

static int on_cancelled(void *ctx)
{
	(void)ctx;
	return ui_interrupted();
}

samc_deploy_callbacks ui_callbacks(ui_state *ui)
{
	samc_deploy_callbacks cb = {ui, on_progress, on_changeset, on_event, on_confirm,
				    on_output, on_cancelled};
	return cb;
}

void ui_print_failures(const ui_state *ui)
{
	if (!ui->nfailures)
		return;
	fprintf(stderr, "Failed resources:\n");
	for (size_t i = 0; i < ui->nfailures; i++)
		fprintf(stderr, "  %s\n", ui->failures[i]);
}

char *ui_ask(const char *question, const char *def)
{
	if (def && *def)
		printf("\t%s [%s]: ", question, def);
	else
		printf("\t%s: ", question);
	fflush(stdout);
	char line[4096];
	if (!fgets(line, sizeof(line), stdin))
		return NULL;
	line[strcspn(line, "\r\n")] = '\0';
	const char *answer = line[0] ? line : def ? def : "";
	return strdup(answer);
}

bool ui_ask_yes(const char *question, bool def)
{
	char q[512];
	snprintf(q, sizeof(q), "%s [%s]", question, def ? "Y/n" : "y/N");
	printf("\t%s: ", q);
	fflush(stdout);
	char line[64];
	if (!fgets(line, sizeof(line), stdin))
		return def;
	if (line[0] == 'y' || line[0] == 'Y')
		return true;
	if (line[0] == 'n' || line[0] == 'N')
		return false;
	return def;
}

char *ui_config_path(const char *explicit_path, const char *template_path)
{
	if (explicit_path)
		return strdup(explicit_path);
	static const char *const NAMES[] = {"samconfig.toml", "samconfig.yaml", "samconfig.yml"};
	char *dir = cli_dir_of(template_path);
	char *found = NULL;
	for (size_t i = 0; dir && !found && i < sizeof(NAMES) / sizeof(*NAMES); i++) {
		size_t n = strlen(dir) + strlen(NAMES[i]) + 2;
		char *p = malloc(n);
		if (!p)
			break;
		snprintf(p, n, "%s/%s", dir, NAMES[i]);
		if (access(p, R_OK) == 0)
			found = p;
		else
			free(p);
	}
	free(dir);
	return found;
}
