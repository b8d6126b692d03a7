// Bit helpers of a block cache ported from another kernel: each one only tests, sets or clears one bit of a
// block's State word, through generic helpers that take a bit number and the word's address.
#pragma once
#include <ntifs.h>

#define WORD_BITS 32

typedef struct _CACHE_BLOCK {
    volatile LONG State;
    LONG RefCount;
    ULONG Number;
    PVOID Data;
} CACHE_BLOCK, *PCACHE_BLOCK;

enum { BLOCK_UPTODATE = 0, BLOCK_DIRTY = 1, BLOCK_BUSY = 2 };

static __inline int bit_is_set(int nr, volatile const LONG *word)
{
    return ((1 << (nr & (WORD_BITS - 1))) & word[nr / WORD_BITS]) != 0;
}

static __inline int bit_set(int nr, volatile LONG *word)
{
    word += nr / WORD_BITS;
    nr &= (WORD_BITS - 1);
    return (InterlockedOr(word, (1 << nr)) & (1 << nr)) != 0;
}

static __inline int bit_clear(int nr, volatile LONG *word)
{
    word += nr / WORD_BITS;
    nr &= (WORD_BITS - 1);
    return (InterlockedAnd(word, ~(1 << nr)) & (1 << nr)) != 0;
}

static __inline int block_dirty(PCACHE_BLOCK b) { return bit_is_set(BLOCK_DIRTY, &b->State); }
static __inline void set_block_dirty(PCACHE_BLOCK b) { bit_set(BLOCK_DIRTY, &b->State); }
static __inline int test_clear_block_dirty(PCACHE_BLOCK b) { return bit_clear(BLOCK_DIRTY, &b->State); }
static __inline int test_set_block_busy(PCACHE_BLOCK b) { return bit_set(BLOCK_BUSY, &b->State); }
static __inline void clear_block_busy(PCACHE_BLOCK b) { bit_clear(BLOCK_BUSY, &b->State); }

VOID ReleaseBlock(PCACHE_BLOCK Block);
VOID ReleaseBlockEager(PCACHE_BLOCK Block);
VOID WriteBlocks(int Mode, int Count, PCACHE_BLOCK *Blocks);
int SubmitBlock(int Mode, PCACHE_BLOCK Block);

#define BLOCK_READ  0
#define BLOCK_WRITE 1
