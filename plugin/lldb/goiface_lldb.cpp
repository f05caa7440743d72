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
#include <mutex>
#include <vector>

#include "goiface/commands.h"
#include "goiface/error.h"
#include "goiface/memory.h"
#include "goiface/program.h"
#include "goiface/strbuf.h"
#include "goiface/symbols.h"
#ifdef GOIFACE_LLDB_HAVE_ELF
#include "goiface/dwarf_index.h"
#include "goiface/target.h"
#include <sys/stat.h>
#endif

namespace {

/*
 * What goiface_elf knows about the target's executable, kept across commands
 * because it depends only on the file (and, for DWARF addresses, on the load
 * bias): the build-info Go version, the moduledata address for stripped
 * executables, and the DWARF index (globals, locals, static types).  Target
 * memory is never kept: it is read afresh by every command.
 */
#ifdef GOIFACE_LLDB_HAVE_ELF
struct ExeCache {
	std::string path;
	struct timespec mtime = {};
	off_t size = 0;
	struct gi_target *exe = nullptr;   /* the executable alone */
	std::string exe_error;
	uint64_t dwarf_bias = 0;
	bool dwarf_tried = false;
	struct gi_dwarf_index *dwarf = nullptr;
	std::string dwarf_error;

	~ExeCache() { reset(); }
	void reset()
	{
		if (dwarf)
			gi_dwarf_close(dwarf);
		if (exe)
			gi_target_destroy(exe);
		dwarf = nullptr;
		exe = nullptr;
		dwarf_tried = false;
		exe_error.clear();
		dwarf_error.clear();
		path.clear();
	}
	/* Makes the cache describe path (reopening if the file changed). */
	void use(const std::string &p)
	{
		struct stat st;
		bool have_stat = stat(p.c_str(), &st) == 0;
		if (p == path && have_stat && st.st_mtim.tv_sec == mtime.tv_sec &&
		    st.st_mtim.tv_nsec == mtime.tv_nsec && st.st_size == size)
			return;
		reset();
		path = p;
		if (have_stat) {
			mtime = st.st_mtim;
			size = st.st_size;
		}
		struct gi_error *err = gi_target_open(p.c_str(), nullptr, 0, &exe);
		if (err) {
			exe = nullptr;
			exe_error = err->message ? err->message : "cannot open executable";
			gi_error_destroy(err);
		}
	}
	struct gi_dwarf_index *get_dwarf(uint64_t bias)
	{
		if (dwarf_tried && bias == dwarf_bias)
			return dwarf;
		if (dwarf)
			gi_dwarf_close(dwarf);
		dwarf = nullptr;
		dwarf_error.clear();
		dwarf_tried = true;
		dwarf_bias = bias;
		struct gi_error *err = gi_dwarf_open(path.c_str(), bias, &dwarf);
		if (err) {
			dwarf = nullptr;
			dwarf_error = err->message ? err->message : "cannot read DWARF";
			gi_error_destroy(err);
		}
		return dwarf;
	}
};
ExeCache g_exe;
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
	std::string exe_path;
	unsigned char scratch[16] = {}; /* copy of an interface held in registers */

	~Session()
	{
		if (prog)
			gi_program_destroy(prog);
		if (mem)
			gi_memory_destroy(mem);
	}
};

/* ---- memory ---------------------------------------------------------- */

/* Where a copy of an interface held in registers is decoded from: the top
 * page of the address space, which no Linux user process maps (the gdb
 * front-end uses the same one). */
const uint64_t kScratchAddress = 0xfffffffffffff000ull;

struct gi_error *read_scratch(void *buf, uint64_t address, size_t count,
			      uint64_t offset, void *arg)
{
	Session *s = static_cast<Session *>(arg);
	if (offset > sizeof(s->scratch) || count > sizeof(s->scratch) - offset)
		return gi_error_fault(address, "0x%" PRIx64 " is not mapped", address);
	std::memcpy(buf, s->scratch + offset, count);
	return nullptr;
}

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
		lldb::SBAddress where = s->have_process
			? s->target.ResolveLoadAddress(address + done)
			: s->target.ResolveFileAddress(address + done);
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
	lldb::SBAddress where = s->have_process ? s->target.ResolveLoadAddress(address)
						: s->target.ResolveFileAddress(address);
	lldb::SBSymbol sym = where.GetSymbol();
	uint64_t start, size;
	/* A stripped executable: lldb makes up ___lldb_unnamed_symbol entries
	 * that span whole sections; they name no function, so the core's
	 * pclntab answers instead. */
	if (sym.IsValid() && !sym.IsSynthetic() && sym.GetName() && symbol_extent(s, sym, &start, &size) &&
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

void copy_string(char *dst, size_t cap, const char *src)
{
	std::snprintf(dst, cap, "%s", src ? src : "");
}

#ifdef GOIFACE_LLDB_HAVE_ELF
/* lldb's name of a DWARF register number, for the target's architecture. */
std::string register_name(Session *s, unsigned number)
{
	const char *triple = s->target.GetTriple();
	std::string arch = triple ? triple : "";
	if (arch.compare(0, 6, "x86_64") == 0) {
		static const char *const names[] = {
			"rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp",
			"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
		};
		if (number < sizeof(names) / sizeof(names[0]))
			return names[number];
		if (number >= 17 && number <= 32)
			return "xmm" + std::to_string(number - 17);
	} else if (arch.compare(0, 7, "aarch64") == 0 || arch.compare(0, 5, "arm64") == 0) {
		if (number <= 30)
			return "x" + std::to_string(number);
		if (number == 31)
			return "sp";
		if (number >= 64 && number <= 95)
			return "v" + std::to_string(number - 64);
	}
	return "";
}

/*
 * Where an optimized local is at the selected frame's pc, from its location
 * list: one piece in memory gives its address; registers or scattered pieces
 * are copied into the scratch segment (*copied set).
 */
struct gi_error *locate_pieces(Session *s, struct gi_dwarf_index *dwarf,
			       lldb::SBFrame frame, const char *function,
			       const char *expr, struct gi_variable_info *ret,
			       bool *copied)
{
	*copied = false;
	/*
	 * A caller's pc is a return address.  Go's location lists describe the
	 * value as spilled to the stack from the return address on, and in a
	 * register (which the callee clobbers) just before it, so a caller
	 * frame tries the return address first, then the call instruction.
	 */
	uint64_t pc = frame.GetPC();
	struct gi_dwarf_pieces pieces;
	struct gi_error *err = gi_dwarf_local_location(dwarf, function, expr, pc, &pieces);
	if (frame.GetFrameID() > 0 && pc > 0) {
		bool usable = !err;
		for (size_t i = 0; usable && i < pieces.num_pieces; i++)
			if (pieces.pieces[i].kind == GI_DWARF_PIECE_REGISTER ||
			    pieces.pieces[i].kind == GI_DWARF_PIECE_OPTIMIZED_OUT)
				usable = false;
		if (!usable) {
			struct gi_dwarf_pieces before;
			struct gi_error *e = gi_dwarf_local_location(dwarf, function, expr,
								     pc - 1, &before);
			if (!e && err) {
				gi_error_destroy(err);
				err = nullptr;
				pieces = before;
				pc--;
			}
			gi_error_destroy(e);
		}
	}
	if (err) {
		if (err->code == GI_ERROR_NOT_FOUND) {
			gi_error_destroy(err);
			return gi_error_create(GI_ERROR_NOT_FOUND,
					       "%s in %s is not live at pc 0x%" PRIx64
					       " (optimized out here)",
					       expr, function, pc);
		}
		return err;
	}
	lldb::addr_t cfa = frame.GetCFA();
	if (pieces.num_pieces == 1 && pieces.pieces[0].size == 0 &&
	    pieces.pieces[0].kind == GI_DWARF_PIECE_REGISTER)
		/* One register cannot hold both words: Go described only one
		 * half (the other is a constant it did not record). */
		return gi_error_create(GI_ERROR_UNSUPPORTED,
				       "%s in %s: at pc 0x%" PRIx64 " Go's DWARF gives one register "
				       "for the whole interface, so it cannot be read here",
				       expr, function, pc);
	if (pieces.num_pieces == 1 && pieces.pieces[0].size == 0) {
		const struct gi_dwarf_piece *p = &pieces.pieces[0];
		if (p->kind == GI_DWARF_PIECE_ADDR) {
			ret->address = p->address;
			return nullptr;
		}
		if ((p->kind == GI_DWARF_PIECE_FBREG || p->kind == GI_DWARF_PIECE_CFA) &&
		    cfa != LLDB_INVALID_ADDRESS) {
			ret->address = cfa + (uint64_t)p->offset;
			return nullptr;
		}
	}
	unsigned char words[16];
	size_t at = 0;
	for (size_t i = 0; i < pieces.num_pieces; i++) {
		const struct gi_dwarf_piece *p = &pieces.pieces[i];
		size_t size = p->size ? (size_t)p->size : sizeof(words) - at;
		if (size > sizeof(words) - at)
			return gi_error_create(GI_ERROR_INVALID,
					       "%s in %s: its DWARF pieces are larger than an interface",
					       expr, function);
		uint64_t value = 0;
		switch (p->kind) {
		case GI_DWARF_PIECE_REGISTER: {
			std::string name = register_name(s, p->dwarf_register);
			lldb::SBValue reg = name.empty() ? lldb::SBValue()
							 : frame.FindRegister(name.c_str());
			lldb::SBError error;
			if (reg.IsValid())
				value = reg.GetValueAsUnsigned(error, 0);
			if (!reg.IsValid() || error.Fail() || size > 8)
				return gi_error_create(GI_ERROR_NOT_FOUND,
						       "%s in %s is in DWARF register %u, which lldb "
						       "cannot give for this frame%s",
						       expr, function, p->dwarf_register,
						       frame.GetFrameID() > 0
						       ? " (not saved across calls)" : "");
			std::memcpy(words + at, &value, size);
			break;
		}
		case GI_DWARF_PIECE_VALUE:
			if (size > 8)
				return gi_error_create(GI_ERROR_UNSUPPORTED,
						       "%s in %s: a constant piece wider than a word",
						       expr, function);
			value = p->value;
			std::memcpy(words + at, &value, size);
			break;
		case GI_DWARF_PIECE_FBREG:
		case GI_DWARF_PIECE_CFA:
		case GI_DWARF_PIECE_ADDR: {
			uint64_t address = p->kind == GI_DWARF_PIECE_ADDR
				? p->address : cfa + (uint64_t)p->offset;
			if (p->kind != GI_DWARF_PIECE_ADDR && cfa == LLDB_INVALID_ADDRESS)
				return gi_error_create(GI_ERROR_NOT_FOUND,
						       "cannot find the frame address of %s to read %s",
						       function, expr);
			err = gi_memory_read(s->mem, words + at, address, size);
			if (err)
				return gi_error_wrap(err, "%s in %s", expr, function);
			break;
		}
		default:
			return gi_error_create(GI_ERROR_NOT_FOUND,
					       "%s in %s is partly optimized out at pc 0x%" PRIx64,
					       expr, function, pc);
		}
		at += size;
	}
	if (at != sizeof(words))
		return gi_error_create(GI_ERROR_INVALID,
				       "%s in %s: its DWARF pieces cover %zu bytes, not an interface's 16",
				       expr, function, at);
	std::memcpy(s->scratch, words, sizeof(words));
	gi_memory_flush_cache(s->mem);
	ret->address = kScratchAddress;
	*copied = true;
	return nullptr;
}

/*
 * A local or parameter of the selected frame's function, by name.  Returns
 * nullptr and sets *found when it was resolved, an error when the name is a
 * local that cannot be read, and nullptr with *found false when the function
 * has no such local.
 */
struct gi_error *resolve_local(Session *s, struct gi_dwarf_index *dwarf,
			       const char *expr, struct gi_variable_info *ret,
			       bool *found)
{
	*found = false;
	if (!s->have_process)
		return nullptr;
	lldb::SBFrame frame = s->process.GetSelectedThread().GetSelectedFrame();
	if (!frame.IsValid())
		return nullptr;
	const char *function = frame.GetFunctionName();
	if (!function)
		function = frame.GetSymbol().GetName();
	if (!function)
		return nullptr;
	struct gi_dwarf_local *locals = nullptr;
	size_t count = 0;
	struct gi_error *err = gi_dwarf_function_locals(dwarf, function, &locals, &count);
	if (err) {
		gi_error_destroy(err); /* no DWARF for this function: not a local */
		return nullptr;
	}
	const struct gi_dwarf_local *local = nullptr;
	for (size_t i = 0; i < count; i++) {
		if (std::strcmp(locals[i].name, expr) == 0) {
			local = &locals[i];
			break;
		}
	}
	if (!local) {
		std::free(locals);
		return nullptr;
	}
	*found = true;
	if (local->iface == GI_DWARF_NOT_INTERFACE) {
		err = gi_error_create(GI_ERROR_USAGE,
				      "%s in %s has type %s, not an interface type",
				      expr, function, local->type_name);
	} else if (local->location == GI_DWARF_LOC_ADDR) {
		ret->address = local->address;
	} else if (local->location == GI_DWARF_LOC_FBREG ||
		   local->location == GI_DWARF_LOC_CFA) {
		/* Go's frame base is DW_OP_call_frame_cfa. */
		lldb::addr_t cfa = frame.GetCFA();
		if (cfa == LLDB_INVALID_ADDRESS)
			err = gi_error_create(GI_ERROR_NOT_FOUND,
					      "cannot find the frame address of %s to read %s",
					      function, expr);
		else
			ret->address = cfa + (uint64_t)local->offset;
	} else {
		/* A location list (optimized code): where it is at this pc. */
		bool copied = false;
		err = locate_pieces(s, dwarf, frame, function, expr, ret, &copied);
		if (!err && !copied) {
			ret->is_eface = local->iface == GI_DWARF_EFACE;
			copy_string(ret->static_type, sizeof(ret->static_type),
				    local->type_name);
			/* Go's location lists for optimized code are not always
			 * exact: say where the address came from. */
			std::snprintf(ret->name, sizeof(ret->name),
				      "%.200s (optimized code: from its DWARF location list)", expr);
			std::free(locals);
			return nullptr;
		}
		if (!err && copied) {
			ret->is_eface = local->iface == GI_DWARF_EFACE;
			copy_string(ret->static_type, sizeof(ret->static_type),
				    local->type_name);
			/* The address shown is the copy's: say so, as gdb does. */
			std::snprintf(ret->name, sizeof(ret->name),
				      "%.200s (in registers; a copy)", expr);
			std::free(locals);
			return nullptr;
		}
	}
	if (!err) {
		ret->is_eface = local->iface == GI_DWARF_EFACE;
		copy_string(ret->static_type, sizeof(ret->static_type), local->type_name);
		copy_string(ret->name, sizeof(ret->name), expr);
	}
	std::free(locals);
	return err;
}
#endif

/*
 * NAME for print: a local of the selected frame, then a global from DWARF
 * (static type, eface or iface), then an ELF symbol (where eface or iface is
 * a guess, as in the standalone command).
 */
struct gi_error *resolve_variable(void *arg, const char *expr,
				  struct gi_variable_info *ret)
{
	Session *s = static_cast<Session *>(arg);
	std::memset(ret, 0, sizeof(*ret));
	std::string dwarf_error = "the executable could not be found";
#ifdef GOIFACE_LLDB_HAVE_ELF
	struct gi_dwarf_index *dwarf = nullptr;
	if (!s->exe_path.empty()) {
		dwarf = g_exe.get_dwarf(s->bias);
		dwarf_error = g_exe.dwarf_error;
	}
	if (dwarf) {
		bool found = false;
		struct gi_error *err = resolve_local(s, dwarf, expr, ret, &found);
		if (err || found)
			return err;
		err = gi_dwarf_interface_variable(dwarf, expr, ret);
		if (!err || err->code != GI_ERROR_NOT_FOUND)
			return err;
		gi_error_destroy(err);
	}
#endif
	struct gi_symbol sym;
	struct gi_error *err = lookup_name(s, expr, &sym);
	if (!err) {
		ret->address = sym.address;
		ret->is_eface = gi_command_guess_eface(s->prog, sym.address);
		copy_string(ret->name, sizeof(ret->name), expr);
		return nullptr;
	}
	gi_error_destroy(err);
	if (dwarf_error.empty())
		return gi_error_create(GI_ERROR_NOT_FOUND,
				       "no variable %s: not a local of the selected frame, "
				       "a global or a symbol",
				       expr);
#ifdef GOIFACE_LLDB_HAVE_ELF
	if (g_exe.exe && !gi_target_has_symtab(g_exe.exe))
		return gi_error_create(GI_ERROR_NOT_FOUND,
				       "no variable named %s: the executable is stripped"
				       " (no symbols, no DWARF); give its address as"
				       " ADDR:eface or ADDR:iface", expr);
#endif
	return gi_error_create(GI_ERROR_NOT_FOUND,
			       "no variable named %s: no such symbol, and no DWARF for "
			       "locals and globals (%s)",
			       expr, dwarf_error.c_str());
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
	lldb::SBFileSpec file = s->target.GetExecutable();
	char path[4096];
	if (file.IsValid() && file.GetPath(path, sizeof(path)) > 0 &&
	    std::strlen(path) < sizeof(path) - 1)
		s->exe_path = path;
#ifdef GOIFACE_LLDB_HAVE_ELF
	if (!s->exe_path.empty()) {
		/* lldb reads a 32-bit or big-endian target as readily as any:
		 * the decoders would take its words for 64-bit little-endian. */
		struct gi_error *arch = gi_elf_check_architecture(s->exe_path.c_str(),
								  "executable");
		if (arch) {
			std::string msg = arch->message;
			gi_error_destroy(arch);
			return msg;
		}
		g_exe.use(s->exe_path);
	}
#endif
	/* The load bias (PIE): where lldb loaded the executable's ELF header
	 * minus its link-time address. */
	lldb::SBModule exe = s->target.FindModule(file);
	if (!exe.IsValid())
		exe = s->target.GetModuleAtIndex(0);
	if (exe.IsValid()) {
		lldb::SBAddress header = exe.GetObjectFileHeaderAddress();
		lldb::addr_t load = header.GetLoadAddress(s->target);
		lldb::addr_t link = header.GetFileAddress();
		if (load != LLDB_INVALID_ADDRESS && link != LLDB_INVALID_ADDRESS)
			s->bias = load - link;
	}

	struct gi_error *err = gi_memory_create(&s->mem);
	if (!err)
		err = gi_memory_add_segment(s->mem, 0, UINT64_MAX, read_memory, s);
	if (!err)
		err = gi_memory_add_segment(s->mem, kScratchAddress, sizeof(s->scratch),
					    read_scratch, s);
	if (err) {
		std::string msg = err->message ? err->message : "out of memory";
		gi_error_destroy(err);
		return msg;
	}
	gi_memory_set_cache(s->mem, true);
	return "";
}

/*
 * Gives the program its Go version (runtime.buildVersion, else the build-info
 * blob of the executable) and its module list (runtime.firstmoduledata, else
 * where goiface_elf finds it in a stripped executable).
 */
std::string setup_program(Session *s, bool force)
{
	struct gi_error *err = gi_program_detect_go_version(s->prog, force);
#ifdef GOIFACE_LLDB_HAVE_ELF
	const char *buildinfo = g_exe.exe ? gi_target_go_version(g_exe.exe) : nullptr;
	if (err && err->code != GI_ERROR_UNSUPPORTED && buildinfo) {
		gi_error_destroy(err);
		err = gi_program_set_go_version(s->prog, buildinfo,
						GI_VERSION_FROM_BUILDINFO, force);
	}
	if (!err) {
		struct gi_symbol sym;
		struct gi_error *e = lookup_name(s, "runtime.firstmoduledata", &sym);
		if (e) {
			gi_error_destroy(e);
			uint64_t md = g_exe.exe ? gi_target_moduledata_address(g_exe.exe) : 0;
			if (md)
				gi_program_set_moduledata_address(s->prog, md + s->bias);
		}
	}
#endif
	if (err) {
		std::string msg = "cannot tell which Go release built this program: ";
		msg += err->message ? err->message : "out of memory";
#ifdef GOIFACE_LLDB_HAVE_ELF
		/* The executable's own problem ("not a Go executable") says more. */
		if (err->code == GI_ERROR_NOT_FOUND && g_exe.exe == nullptr &&
		    !g_exe.exe_error.empty())
			msg = g_exe.exe_error;
#endif
		gi_error_destroy(err);
		return msg;
	}
	err = gi_program_load_modules(s->prog);
	if (err) {
		std::string msg = err->message ? err->message : "out of memory";
		gi_error_destroy(err);
		return msg;
	}
	return "";
}

bool is_help_request(const std::vector<char *> &argv)
{
	for (char *a : argv)
		if (a && (std::strcmp(a, "--help") == 0 || std::strcmp(a, "-h") == 0))
			return true;
	return false;
}

/* Messages quote names and paths from the target: one escaped line. */
void set_error(lldb::SBCommandReturnObject &result, const std::string &msg)
{
	struct gi_strbuf line;
	gi_strbuf_init(&line);
	gi_strbuf_terminal_text(&line, msg.data(), msg.size(), false);
	result.SetError(msg.empty() ? "goiface: failed"
		       : line.failed ? "goiface: out of memory" : gi_strbuf_str(&line));
	gi_strbuf_deinit(&line);
	result.SetStatus(lldb::eReturnStatusFailed);
}

class Command : public lldb::SBCommandPluginInterface {
public:
	explicit Command(const char *name) : name_(name) {}

	bool DoExecute(lldb::SBDebugger debugger, char **command,
		       lldb::SBCommandReturnObject &result) override
	{
		try {
			/* One command at a time, also across debuggers in one
			 * process: the executable cache is shared. */
			static std::mutex lock;
			std::lock_guard<std::mutex> guard(lock);
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
		/* --force-layout is the front-end's business (it picks the
		 * layout); everything else goes to the commands layer. */
		std::vector<char *> argv;
		bool force = false;
		argv.push_back(const_cast<char *>(name_));
		for (char **a = command; a && *a; a++) {
			if (std::strcmp(*a, "--force-layout") == 0)
				force = true;
			else
				argv.push_back(*a);
		}
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
				s.prog = nullptr;
				msg = e->message ? e->message : "out of memory";
				gi_error_destroy(e);
			} else {
				msg = setup_program(&s, force);
				if (!msg.empty() && is_help_request(argv))
					msg.clear();
			}
		}
		if (msg.empty()) {
			struct gi_command_host host = {};
			host.prog = s.prog;
			host.resolve_variable = resolve_variable;
			host.resolve_address = resolve_address;
			host.arg = &s;
			host.static_only = !s.have_process;
			host.load_bias = s.bias;
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

/* A help text of the commands layer: a usage block, a blank line, then
 * paragraphs.  lldb prints its own syntax line (kSubcommands, kept short so
 * lldb does not wrap it) and summary, then the paragraphs as long help. */
std::string after_usage(const char *text)
{
	const char *p = text ? std::strstr(text, "\n\n") : nullptr;
	if (!p)
		return text ? text : "";
	while (*p == '\n')
		p++;
	return p;
}

struct Subcommand {
	const char *name;
	const char *syntax;
	const char *brief;
};

const Subcommand kSubcommands[] = {
	{"print", "goiface print NAME|ADDR:eface|ADDR:iface [--json] [--max-* N]",
	 "Show what a Go interface variable holds."},
	{"itab", "goiface itab ADDR|SYMBOL [--json]",
	 "Show one itab: interface, type, hash and each method's code."},
	{"type", "goiface type ADDR|NAME [--json]",
	 "Decode one Go runtime type descriptor."},
	{"itabs", "goiface itabs [--anomalies] [--json]",
	 "Audit the itab cache and the linker's itabs."},
	{"version", "goiface version [--json]",
	 "Show the Go release and the layout goiface uses."},
};

const char kBrief[] = "Show what Go interface values hold: print, itab, type, itabs, version.";

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
		lldb::SBCommand top = interp.AddMultiwordCommand("goiface", kBrief);
		if (!top.IsValid())
			return false;
		if (const char *overview = gi_command_help(nullptr)) {
			g_help_texts.push_back(overview);
			top.SetHelpLong(g_help_texts.back().c_str());
		}
		for (const Subcommand &sub : kSubcommands) {
			std::string body = after_usage(gi_command_help(sub.name));
			lldb::SBCommand cmd = top.AddCommand(sub.name, new Command(sub.name),
							     sub.brief, sub.syntax);
			g_help_texts.push_back(body);
			if (cmd.IsValid() && !body.empty())
				cmd.SetHelpLong(g_help_texts.back().c_str());
		}
		return true;
	} catch (...) {
		return false;
	}
}
