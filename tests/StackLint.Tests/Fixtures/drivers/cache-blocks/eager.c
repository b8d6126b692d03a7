// The same release, but the write path marks the block dirty again before it releases it (a retry): the nested
// release writes again, and nothing bounds the depth.
#include "blockbits.h"

int SubmitBlockRetry(PCACHE_BLOCK Block);

VOID ReleaseBlockEager(PCACHE_BLOCK Block) // expect: SL2001 "make it iterative"
{
    while (block_dirty(Block)) {
        if (test_clear_block_dirty(Block)) {
            SubmitBlockRetry(Block);
        }
    }
}

int SubmitBlockRetry(PCACHE_BLOCK Block)
{
    if (Block->Data == NULL) {
        set_block_dirty(Block);
    }
    ReleaseBlockEager(Block);
    return 0;
}
