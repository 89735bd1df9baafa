/*
 * fake_wolkvox: options, start-up and shutdown of the fake API server.
 *
 *   fake_wolkvox --port-file FILE [--bind ADDRESS] [--token-file FILE]
 *                [--scenario-dir DIR] [--tls-cert FILE --tls-key FILE]
 *   fake_wolkvox --generate-demo DIR [--now 'YYYY-MM-DD HH:MM:SS'] [--timezone ZONE]
 *
 * The server listens on an ephemeral port of a loopback address, writes the
 * port number to the port file and runs until SIGTERM or SIGINT.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fake_api.h"

/* Largest token, certificate or key file read. */
#define SMALL_FILE_MAX (1024 * 1024)

atomic_bool fake_stopping;

struct options {
	struct fake_config config;
	const char *demo_dir;
	const char *now_text;
	const char *zone;
};

union loopback_address {
	struct sockaddr any;
	struct sockaddr_in v4;
	struct sockaddr_in6 v6;
};

/* TLS material, kept until the daemon stops because the libmicrohttpd
 * documentation does not say that MHD_OPTION_HTTPS_MEM_* copy it. */
struct tls_files {
	char *cert;
	char *key;
};

void fake_log(const char *format, ...)
{
	va_list args;

	flockfile(stderr);
	fputs("fake_wolkvox: ", stderr);
	va_start(args, format);
	vfprintf(stderr, format, args);
	va_end(args);
	fputc('\n', stderr);
	funlockfile(stderr);
}

char *fake_read_file(const char *path, size_t limit, size_t *length)
{
	FILE *file = fopen(path, "rb");
	char *data = NULL;
	size_t used = 0;

	if (file == NULL) {
		fake_log("cannot open %s: %s", path, strerror(errno));
		return NULL;
	}

	data = malloc(limit + 1);
	if (data == NULL) {
		fake_log("out of memory reading %s", path);
		goto out;
	}

	used = fread(data, 1, limit + 1, file);
	if (ferror(file) || used > limit) {
		fake_log("cannot read %s: read error or larger than %zu bytes", path, limit);
		free(data);
		data = NULL;
		goto out;
	}

	data[used] = '\0';
	if (length != NULL)
		*length = used;
out:
	fclose(file);
	return data;
}

static void usage_print(FILE *stream)
{
	fputs("Usage: fake_wolkvox --port-file FILE [--bind 127.0.0.1|::1] [--token-file FILE]\n"
	      "                    [--scenario-dir DIR] [--tls-cert FILE --tls-key FILE]\n"
	      "       fake_wolkvox --generate-demo DIR [--now 'YYYY-MM-DD HH:MM:SS']\n"
	      "                    [--timezone ZONE]\n", stream);
}

static bool options_parse(int argc, char **argv, struct options *options)
{
	static const struct option long_options[] = {
		{ "port-file", required_argument, NULL, 'p' },
		{ "bind", required_argument, NULL, 'b' },
		{ "token-file", required_argument, NULL, 't' },
		{ "scenario-dir", required_argument, NULL, 's' },
		{ "tls-cert", required_argument, NULL, 'C' },
		{ "tls-key", required_argument, NULL, 'K' },
		{ "generate-demo", required_argument, NULL, 'g' },
		{ "now", required_argument, NULL, 'n' },
		{ "timezone", required_argument, NULL, 'z' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int option;

	options->config.bind_address = "127.0.0.1";
	options->zone = "America/Bogota";

	while ((option = getopt_long(argc, argv, "h", long_options, NULL)) != -1) {
		switch (option) {
		case 'p': options->config.port_file = optarg; break;
		case 'b': options->config.bind_address = optarg; break;
		case 't': options->config.token_file = optarg; break;
		case 's': options->config.scenario_dir = optarg; break;
		case 'C': options->config.tls_cert = optarg; break;
		case 'K': options->config.tls_key = optarg; break;
		case 'g': options->demo_dir = optarg; break;
		case 'n': options->now_text = optarg; break;
		case 'z': options->zone = optarg; break;
		case 'h': usage_print(stdout); exit(0);
		default: return false;
		}
	}

	if (optind != argc) {
		fake_log("unexpected argument: %s", argv[optind]);
		return false;
	}
	if (options->demo_dir != NULL)
		return true;
	if (options->config.port_file == NULL) {
		fake_log("missing --port-file");
		return false;
	}
	if ((options->config.tls_cert == NULL) != (options->config.tls_key == NULL)) {
		fake_log("--tls-cert and --tls-key must be given together");
		return false;
	}
	return true;
}

/* Accepts 127.0.0.0/8 and ::1 only, so that the fake is never reachable
 * from another host. */
static bool address_parse_loopback(const char *text, union loopback_address *address,
				   bool *ipv6)
{
	memset(address, 0, sizeof(*address));

	if (inet_pton(AF_INET, text, &address->v4.sin_addr) == 1) {
		if ((ntohl(address->v4.sin_addr.s_addr) >> 24) != 127)
			return false;
		address->v4.sin_family = AF_INET;
		*ipv6 = false;
		return true;
	}

	if (inet_pton(AF_INET6, text, &address->v6.sin6_addr) == 1) {
		if (!IN6_IS_ADDR_LOOPBACK(&address->v6.sin6_addr))
			return false;
		address->v6.sin6_family = AF_INET6;
		*ipv6 = true;
		return true;
	}

	return false;
}

/* Loads the expected token: the first line of the file, without trailing
 * white space. */
static bool token_read(struct fake_config *config)
{
	size_t length = 0;
	char *token = fake_read_file(config->token_file, SMALL_FILE_MAX, &length);

	if (token == NULL)
		return false;

	length = strcspn(token, "\n");
	while (length > 0 && strchr(" \t\r", token[length - 1]) != NULL)
		length--;
	token[length] = '\0';

	if (length == 0) {
		fake_log("token file %s is empty", config->token_file);
		free(token);
		return false;
	}
	config->token = token;
	return true;
}

/* Writes the port number to a temporary file beside path, then renames it,
 * so that a reader never sees a partial number. */
static bool port_file_write(const char *path, unsigned port)
{
	char temporary[4096];
	FILE *file;
	int written;
	bool ok;

	written = snprintf(temporary, sizeof(temporary), "%s.tmp.%ld", path, (long) getpid());
	if (written < 0 || (size_t) written >= sizeof(temporary)) {
		fake_log("port file path too long: %s", path);
		return false;
	}

	file = fopen(temporary, "w");
	if (file == NULL) {
		fake_log("cannot create %s: %s", temporary, strerror(errno));
		return false;
	}
	ok = fprintf(file, "%u\n", port) > 0;
	ok = (fclose(file) == 0) && ok;

	if (ok && rename(temporary, path) != 0) {
		fake_log("cannot rename %s to %s: %s", temporary, path, strerror(errno));
		ok = false;
	}
	if (!ok)
		unlink(temporary);
	return ok;
}

static bool tls_files_read(const struct fake_config *config, struct tls_files *tls)
{
	if (config->tls_cert == NULL)
		return true;

	if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
		fake_log("this libmicrohttpd has no TLS support");
		return false;
	}

	tls->cert = fake_read_file(config->tls_cert, SMALL_FILE_MAX, NULL);
	tls->key = fake_read_file(config->tls_key, SMALL_FILE_MAX, NULL);
	return tls->cert != NULL && tls->key != NULL;
}

static struct MHD_Daemon *daemon_start(struct fake_config *config,
				       union loopback_address *address, bool ipv6,
				       const struct tls_files *tls)
{
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
			 MHD_USE_ERROR_LOG;
	struct MHD_OptionItem extra[] = {
		{ MHD_OPTION_SOCK_ADDR, 0, &address->any },
		{ MHD_OPTION_END, 0, NULL },
		{ MHD_OPTION_END, 0, NULL },
		{ MHD_OPTION_END, 0, NULL }
	};

	if (ipv6)
		flags |= MHD_USE_IPv6;
	if (tls->cert != NULL) {
		flags |= MHD_USE_TLS;
		extra[1] = (struct MHD_OptionItem) { MHD_OPTION_HTTPS_MEM_CERT, 0, tls->cert };
		extra[2] = (struct MHD_OptionItem) { MHD_OPTION_HTTPS_MEM_KEY, 0, tls->key };
	}

	return MHD_start_daemon(flags, 0, NULL, NULL, routes_handle, config,
				MHD_OPTION_URI_LOG_CALLBACK, routes_begin, config,
				MHD_OPTION_NOTIFY_COMPLETED, routes_complete, config,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) 120,
				MHD_OPTION_ARRAY, extra,
				MHD_OPTION_END);
}

/* Blocks SIGTERM and SIGINT in every thread, so that the main thread alone
 * takes them with sigwait(). */
static void signals_block(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	pthread_sigmask(SIG_BLOCK, set, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static int server_run(struct fake_config *config)
{
	union loopback_address address;
	struct tls_files tls = { NULL, NULL };
	struct MHD_Daemon *daemon = NULL;
	const union MHD_DaemonInfo *info;
	sigset_t set;
	bool ipv6 = false;
	int signal_number = 0;
	int status = 1;

	if (!address_parse_loopback(config->bind_address, &address, &ipv6)) {
		fake_log("refusing to bind %s: only 127.0.0.0/8 and ::1 are allowed",
			 config->bind_address);
		return 2;
	}
	if (config->token_file != NULL && !token_read(config))
		goto out;
	if (!tls_files_read(config, &tls))
		goto out;

	signals_block(&set);

	daemon = daemon_start(config, &address, ipv6, &tls);
	if (daemon == NULL) {
		fake_log("cannot start the HTTP server on %s", config->bind_address);
		goto out;
	}

	info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
	if (info == NULL || info->port == 0 || !port_file_write(config->port_file, info->port))
		goto out;

	fake_log("listening on %s port %u (%s), scenarios in %s", config->bind_address,
		 (unsigned) info->port, tls.cert != NULL ? "https" : "http",
		 config->scenario_dir != NULL ? config->scenario_dir : "(none)");

	sigwait(&set, &signal_number);
	fake_log("stopping on signal %d", signal_number);
	unlink(config->port_file);
	status = 0;
out:
	atomic_store(&fake_stopping, true);
	if (daemon != NULL)
		MHD_stop_daemon(daemon);
	routes_release();
	free(tls.cert);
	free(tls.key);
	free(config->token);
	config->token = NULL;
	return status;
}

int main(int argc, char **argv)
{
	struct options options;

	memset(&options, 0, sizeof(options));
	if (!options_parse(argc, argv, &options)) {
		usage_print(stderr);
		return 2;
	}

	if (options.demo_dir != NULL)
		return demo_generate(options.demo_dir, options.now_text, options.zone);

	return server_run(&options.config);
}
