// Releasing a block writes it first while it is dirty; the write path releases the block again when the I/O is
// submitted. The nested release finds the dirty bit clear (the writer clears it through a helper before it
// submits), so the cycle goes round once: a note with that bound.
#include "blockbits.h"

VOID ReleaseBlock(PCACHE_BLOCK Block) // expect: SL2001 "calls into the cycle only while bit 0x2 of '->State' is set (line 10, through 'block_dirty'); when the cycle comes back, bit 0x2 of '->State' is clear ('WriteBlocks' clears it before it goes on, line 27, through 'test_clear_block_dirty')"
{
    PCACHE_BLOCK blocks[1];
    blocks[0] = Block;
    while (block_dirty(Block)) {
        WriteBlocks(BLOCK_WRITE, 1, blocks);
    }
    if (InterlockedDecrement(&Block->RefCount) == 0) {
        ExFreePool(Block->Data);
    }
}

VOID WriteBlocks(int Mode, int Count, PCACHE_BLOCK *Blocks)
{
    int i;
    for (i = 0; i < Count; i++) {
        PCACHE_BLOCK b = Blocks[i];
        if (test_set_block_busy(b)) {
            continue;
        }
        if (Mode == BLOCK_WRITE) {
            if (test_clear_block_dirty(b)) {
                InterlockedIncrement(&b->RefCount);
                SubmitBlock(BLOCK_WRITE, b);
                continue;
            }
        } else {
            if (b->Data == NULL) {
                SubmitBlock(Mode, b);
                continue;
            }
        }
        clear_block_busy(b);
    }
}

int SubmitBlock(int Mode, PCACHE_BLOCK Block)
{
    UNREFERENCED_PARAMETER(Mode);
    clear_block_busy(Block);
    ReleaseBlock(Block);
    return 0;
}
