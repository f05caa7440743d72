/*
 * goiface inside lldb: the `goiface` multiword command.
 *
 * This file is only glue.  Each command builds a gi_program whose memory is
 * one segment spanning the address space, read through SBProcess::ReadMemory
 * (and, for the executable's read-only pages a core file lacks, through
 * SBTarget::ReadMemory, which falls back to the file's sections), with the
 * core's page cache on for the duration of the command.  Names are resolved
 * through lldb's symbol tables and, for static types and locals, through
 * goiface_elf's DWARF reading of the target's executable.  The argument
 * vector then goes to gi_command_run, and its text is printed unchanged, so
 * lldb, gdb and the standalone command print the same thing.
 *
 * lldb must never crash because of us: nothing here throws, every failure
 * becomes a command error with one message.
 *
 * Built against lldb's headers only, not linked to liblldb: lldb provides the
 * SB API when it loads the plugin.  Only long-standing SB calls are used, so
 * the same build loads in several lldb releases.
 */
#include <lldb/API/SBAddress.h>
#include <lldb/API/SBCommandInterpreter.h>
#include <lldb/API/SBCommandReturnObject.h>
#include <lldb/API/SBDebugger.h>
#include <lldb/API/SBError.h>
#include <lldb/API/SBFileSpec.h>
#include <lldb/API/SBFrame.h>
#include <lldb/API/SBModule.h>
#include <lldb/API/SBProcess.h>
#include <lldb/API/SBSymbol.h>
#include <lldb/API/SBSymbolContext.h>
#include <lldb/API/SBSymbolContextList.h>
#include <lldb/API/SBTarget.h>
#include <lldb/API/SBThread.h>
#include <lldb/API/SBValue.h>

#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>
#include <deque>
#include <vector>

#include "goiface/commands.h"
#include "goiface/error.h"
#include "goiface/memory.h"
#include "goiface/program.h"
#include "goiface/strbuf.h"
#include "goiface/symbols.h"
#ifdef GOIFACE_LLDB_HAVE_ELF
#include "goiface/elf.h"
#endif

namespace {

/* The DWARF index of the last executable we looked at, kept across commands
 * (it depends only on the file).  Memory is never kept. */
#ifdef GOIFACE_LLDB_HAVE_ELF
struct ElfCache {
	std::string path;
	struct gi_elf *elf = nullptr;
	~ElfCache() { reset(); }
	void reset()
	{
		if (elf)
			gi_elf_destroy(elf);
		elf = nullptr;
		path.clear();
	}
};
ElfCache g_elf;
#endif

/* What one command needs; lives on the stack of DoExecute. */
struct Session {
	lldb::SBTarget target;
	lldb::SBProcess process;
	bool have_process = false;
	uint64_t bias = 0; /* load address minus file address (PIE) */
	std::string symbol_name; /* storage for gi_symbol::name */
	struct gi_memory *mem = nullptr;
	struct gi_program *prog = nullptr;
#ifdef GOIFACE_LLDB_HAVE_ELF
	struct gi_elf *elf = nullptr;
#endif

	~Session()
	{
		if (prog)
			gi_program_destroy(prog);
		if (mem)
			gi_memory_destroy(mem);
	}
};

/* ---- memory ---------------------------------------------------------- */

struct gi_error *read_memory(void *buf, uint64_t address, size_t count,
			     uint64_t offset, void *arg)
{
	(void)offset;
	Session *s = static_cast<Session *>(arg);
	unsigned char *out = static_cast<unsigned char *>(buf);
	size_t done = 0;
	if (s->have_process) {
		lldb::SBError error;
		done = s->process.ReadMemory(address, out, count, error);
		if (done > count)
			done = 0;
	}
	if (done < count) {
		/* A core lacks the executable's read-only pages (text, rodata,
		 * type data, pclntab): lldb reads those from the file. */
		lldb::SBAddress where(address + done, s->target);
		lldb::SBError error;
		size_t n = 0;
		if (where.IsValid() && where.GetSection().IsValid())
			n = s->target.ReadMemory(where, out + done, count - done, error);
		if (n <= count - done)
			done += n;
	}
	if (done < count)
		return gi_error_fault(address + done, "0x%" PRIx64 " is not mapped",
				      address + done);
	return nullptr;
}

/* ---- symbols --------------------------------------------------------- */

/* lldb's view of a symbol's extent, at load addresses. */
bool symbol_extent(Session *s, lldb::SBSymbol sym, uint64_t *start, uint64_t *size)
{
	if (!sym.IsValid())
		return false;
	lldb::addr_t a = sym.GetStartAddress().GetLoadAddress(s->target);
	if (a == LLDB_INVALID_ADDRESS)
		a = sym.GetStartAddress().GetFileAddress();
	if (a == LLDB_INVALID_ADDRESS)
		return false;
	lldb::addr_t e = sym.GetEndAddress().GetLoadAddress(s->target);
	if (e == LLDB_INVALID_ADDRESS)
		e = sym.GetEndAddress().GetFileAddress();
	*start = a;
	*size = (e != LLDB_INVALID_ADDRESS && e > a) ? e - a : 0;
	return true;
}

struct gi_error *lookup_name(void *arg, const char *name, struct gi_symbol *ret)
{
	Session *s = static_cast<Session *>(arg);
	lldb::SBSymbolContextList list = s->target.FindSymbols(name);
	for (uint32_t i = 0; i < list.GetSize(); i++) {
		lldb::SBSymbol sym = list.GetContextAtIndex(i).GetSymbol();
		const char *n = sym.GetName();
		if (!n || std::strcmp(n, name) != 0)
			continue;
		uint64_t start, size;
		if (!symbol_extent(s, sym, &start, &size))
			continue;
		s->symbol_name = n;
		ret->name = s->symbol_name.c_str();
		ret->address = start;
		ret->size = size;
		return nullptr;
	}
	return gi_error_create(GI_ERROR_NOT_FOUND, "no symbol %s", name);
}

struct gi_error *lookup_address(void *arg, uint64_t address, struct gi_symbol *ret)
{
	Session *s = static_cast<Session *>(arg);
	lldb::SBAddress where = s->target.ResolveLoadAddress(address);
	lldb::SBSymbol sym = where.GetSymbol();
	uint64_t start, size;
	if (sym.IsValid() && sym.GetName() && symbol_extent(s, sym, &start, &size) &&
	    start <= address && (size == 0 || address - start < size)) {
		s->symbol_name = sym.GetName();
		ret->name = s->symbol_name.c_str();
		ret->address = start;
		ret->size = size;
		return nullptr;
	}
	return gi_error_create(GI_ERROR_NOT_FOUND, "no symbol at 0x%" PRIx64, address);
}

/* ---- names ----------------------------------------------------------- */

struct gi_error *resolve_variable(void *arg, const char *expr,
				  struct gi_variable_info *ret)
{
	Session *s = static_cast<Session *>(arg);
#ifdef GOIFACE_LLDB_HAVE_ELF
	if (s->elf) {
		/* filled in once goiface_elf's interface is known */
	}
#endif
	(void)s;
	(void)ret;
	return gi_error_create(GI_ERROR_NOT_FOUND,
			       "no interface variable named %s (lldb needs the executable's DWARF to resolve names; use ADDR:eface or ADDR:iface)",
			       expr);
}

struct gi_error *resolve_address(void *arg, const char *expr, uint64_t *ret)
{
	Session *s = static_cast<Session *>(arg);
	struct gi_symbol sym;
	struct gi_error *err = lookup_name(s, expr, &sym);
	if (!err) {
		*ret = sym.address;
		return nullptr;
	}
	gi_error_destroy(err);
	/* $reg: a register of the selected frame. */
	if (expr[0] == '$' && s->have_process) {
		lldb::SBFrame frame = s->process.GetSelectedThread().GetSelectedFrame();
		lldb::SBValue reg = frame.FindRegister(expr + 1);
		lldb::SBError error;
		if (reg.IsValid()) {
			uint64_t v = reg.GetValueAsUnsigned(error, 0);
			if (error.Success()) {
				*ret = v;
				return nullptr;
			}
		}
	}
	return gi_error_create(GI_ERROR_NOT_FOUND, "no symbol %s", expr);
}

/* ---- the command ----------------------------------------------------- */

/* Sets up s for one command; returns an error message, "" on success. */
std::string open_session(lldb::SBDebugger debugger, Session *s)
{
	s->target = debugger.GetSelectedTarget();
	if (!s->target.IsValid())
		return "no target: load a Go executable first (target create FILE, optionally --core CORE)";
	s->process = s->target.GetProcess();
	if (s->process.IsValid()) {
		lldb::StateType state = s->process.GetState();
		if (state == lldb::eStateRunning || state == lldb::eStateStepping ||
		    state == lldb::eStateLaunching || state == lldb::eStateAttaching)
			return "the process is running: interrupt it first (process interrupt)";
		if (state == lldb::eStateStopped || state == lldb::eStateCrashed ||
		    state == lldb::eStateSuspended)
			s->have_process = true;
	}
	lldb::SBModule exe = s->target.GetModuleAtIndex(0);
	if (exe.IsValid()) {
		lldb::SBAddress header = exe.GetObjectFileHeaderAddress();
		lldb::addr_t load = header.GetLoadAddress(s->target);
		lldb::addr_t file = header.GetFileAddress();
		if (load != LLDB_INVALID_ADDRESS && file != LLDB_INVALID_ADDRESS)
			s->bias = load - file;
	}

	struct gi_error *err = gi_memory_create(&s->mem);
	if (!err)
		err = gi_memory_add_segment(s->mem, 0, UINT64_MAX, read_memory, s);
	if (err) {
		std::string msg = err->message ? err->message : "out of memory";
		gi_error_destroy(err);
		return msg;
	}
	gi_memory_set_cache(s->mem, true);
	return "";
}

void set_error(lldb::SBCommandReturnObject &result, const std::string &msg)
{
	result.SetError(msg.empty() ? "goiface: failed" : msg.c_str());
	result.SetStatus(lldb::eReturnStatusFailed);
}

class Command : public lldb::SBCommandPluginInterface {
public:
	explicit Command(const char *name) : name_(name) {}

	bool DoExecute(lldb::SBDebugger debugger, char **command,
		       lldb::SBCommandReturnObject &result) override
	{
		try {
			return run(debugger, command, result);
		} catch (const std::bad_alloc &) {
			set_error(result, "out of memory");
		} catch (...) {
			set_error(result, "internal error");
		}
		return false;
	}

private:
	const char *name_;

	bool run(lldb::SBDebugger debugger, char **command,
		 lldb::SBCommandReturnObject &result)
	{
		std::vector<char *> argv;
		argv.push_back(const_cast<char *>(name_));
		for (char **a = command; a && *a; a++)
			argv.push_back(*a);
		argv.push_back(nullptr);

		Session s;
		struct gi_strbuf out, err;
		gi_strbuf_init(&out);
		gi_strbuf_init(&err);
		std::string msg = open_session(debugger, &s);
		int status = GI_EXIT_ERROR;
		if (msg.empty()) {
			struct gi_symbolizer symbols = {};
			symbols.lookup_name = lookup_name;
			symbols.lookup_address = lookup_address;
			symbols.arg = &s;
			struct gi_error *e = gi_program_create(s.mem, &symbols, &s.prog);
			if (e) {
				msg = e->message ? e->message : "out of memory";
				gi_error_destroy(e);
			}
		}
		if (msg.empty()) {
			struct gi_command_host host = {};
			host.prog = s.prog;
			host.resolve_variable = resolve_variable;
			host.resolve_address = resolve_address;
			host.arg = &s;
			status = gi_command_run(&host, (int)argv.size() - 1, argv.data(),
						&out, &err);
			if (status == GI_EXIT_ERROR)
				msg = gi_strbuf_str(&err);
		}
		if (out.len)
			result.PutCString(gi_strbuf_str(&out), (int)out.len);
		gi_strbuf_deinit(&out);
		gi_strbuf_deinit(&err);
		if (status == GI_EXIT_ERROR) {
			set_error(result, msg);
			return false;
		}
		result.SetStatus(lldb::eReturnStatusSuccessFinishResult);
		return true;
	}
};

/* The first line of a help text, for lldb's one-line summaries. */
std::string first_line(const char *text)
{
	if (!text)
		return "";
	const char *nl = std::strchr(text, '\n');
	return nl ? std::string(text, nl - text) : std::string(text);
}

/* The rest, for the long help lldb prints after the summary and syntax. */
std::string rest_lines(const char *text)
{
	const char *nl = text ? std::strchr(text, '\n') : nullptr;
	if (!nl)
		return "";
	while (*nl == '\n')
		nl++;
	return nl;
}

struct Subcommand {
	const char *name;
	const char *syntax;
};

const Subcommand kSubcommands[] = {
	{"print", "goiface print NAME|ADDR:eface|ADDR:iface [--json] [--max-depth N] [--max-string N] [--max-elements N]"},
	{"itab", "goiface itab ADDR|SYMBOL [--json]"},
	{"type", "goiface type ADDR|NAME [--json]"},
	{"itabs", "goiface itabs [--anomalies] [--json]"},
	{"version", "goiface version [--json]"},
};

/* Help strings outlive the commands (a deque never moves its elements). */
std::deque<std::string> g_help_texts;

} // namespace

namespace lldb {
__attribute__((visibility("default"))) bool PluginInitialize(lldb::SBDebugger debugger);
}

bool lldb::PluginInitialize(lldb::SBDebugger debugger)
{
	try {
		lldb::SBCommandInterpreter interp = debugger.GetCommandInterpreter();
		const char *overview = gi_command_help(nullptr);
		g_help_texts.push_back(first_line(overview));
		lldb::SBCommand top = interp.AddMultiwordCommand(
			"goiface", g_help_texts.back().c_str());
		if (!top.IsValid())
			return false;
		g_help_texts.push_back(rest_lines(overview));
		if (!g_help_texts.back().empty())
			top.SetHelpLong(g_help_texts.back().c_str());
		for (const Subcommand &sub : kSubcommands) {
			const char *text = gi_command_help(sub.name);
			g_help_texts.push_back(first_line(text));
			const char *brief = g_help_texts.back().c_str();
			lldb::SBCommand cmd = top.AddCommand(sub.name, new Command(sub.name),
							     brief, sub.syntax);
			g_help_texts.push_back(rest_lines(text));
			if (cmd.IsValid() && !g_help_texts.back().empty())
				cmd.SetHelpLong(g_help_texts.back().c_str());
		}
		return true;
	} catch (...) {
		return false;
	}
}
