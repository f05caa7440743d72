/*
 * The one JSON writer of every --json document: compact JSON
 * ({"name":"main.gX","addr":"0x…"}) appended to a gi_strbuf value by value.
 * It puts the ',' each member or element needs itself, so a document reads
 * as its list of members and no caller counts what it has written.
 */
#ifndef GOIFACE_JSON_H
#define GOIFACE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "goiface/strbuf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Nesting levels whose separators are tracked; the documents use a handful. */
#define GI_JSON_MAX_DEPTH 64

struct gi_json {
	struct gi_strbuf *out;
	unsigned depth;    /* containers open */
	uint64_t written;  /* bit d: level d holds a value, the next needs ',' */
	bool after_key;    /* the next value is a member's, right after its ':' */
};

void gi_json_init(struct gi_json *j, struct gi_strbuf *out);

void gi_json_begin_object(struct gi_json *j);
void gi_json_end_object(struct gi_json *j);
void gi_json_begin_array(struct gi_json *j);
void gi_json_end_array(struct gi_json *j);
/* A member's "key": inside an object; its value follows. */
void gi_json_key(struct gi_json *j, const char *key);

/* A string value; NULL is written as null. */
void gi_json_string(struct gi_json *j, const char *s);
/* n bytes of s (which may hold NULs) as a string value. */
void gi_json_string_n(struct gi_json *j, const char *s, size_t n);
void gi_json_u64(struct gi_json *j, uint64_t n);
/* An address as a string "0x…", so readers without 64-bit integers keep it. */
void gi_json_address(struct gi_json *j, uint64_t address);
/* A 32-bit hash as a string "0x%08x", the way the text output shows it. */
void gi_json_hash32(struct gi_json *j, uint32_t hash);
void gi_json_bool(struct gi_json *j, bool b);
void gi_json_null(struct gi_json *j);

/* A key and its value, the common members in one call. */
void gi_json_member_string(struct gi_json *j, const char *key, const char *s);
void gi_json_member_u64(struct gi_json *j, const char *key, uint64_t n);
void gi_json_member_address(struct gi_json *j, const char *key, uint64_t address);
void gi_json_member_bool(struct gi_json *j, const char *key, bool b);

#ifdef __cplusplus
}
#endif

#endif
