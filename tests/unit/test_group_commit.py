"""engage.group_commit: writes arriving together share one call; each caller gets its own answer."""

from __future__ import annotations

import asyncio

from engage.group_commit import GroupCommit


class Recorder:
    def __init__(self, fail: set[int] = frozenset(), slow: float = 0.0) -> None:
        self.batches: list[list[int]] = []
        self.alone: list[int] = []
        self.fail, self.slow = fail, slow

    async def many(self, items: list[int]) -> list[int]:
        self.batches.append(items)
        await asyncio.sleep(self.slow)
        if self.fail & set(items):
            raise ValueError("one of them is bad")
        return [item * 10 for item in items]

    async def one(self, item: int) -> int:
        self.alone.append(item)
        await asyncio.sleep(self.slow)
        if item in self.fail:
            raise ValueError(f"{item} is bad")
        return item * 10


async def test_a_write_arriving_alone_goes_at_once_on_its_own():
    recorder = Recorder()
    grouped = GroupCommit(recorder.many, recorder.one, key=lambda item: item)

    assert await grouped.write(7) == 70
    assert recorder.alone == [7] and recorder.batches == []


async def test_writes_arriving_while_one_runs_share_the_next_call_and_each_gets_its_own_result():
    recorder = Recorder(slow=0.01)
    grouped = GroupCommit(recorder.many, recorder.one, key=lambda item: item, max_running=1)

    first = asyncio.ensure_future(grouped.write(0))
    await asyncio.sleep(0.001)  # its call is running

    results = await asyncio.gather(first, *(grouped.write(n) for n in range(1, 10)))

    assert results == [n * 10 for n in range(10)]
    assert recorder.alone == [0] and recorder.batches == [list(range(1, 10))]


async def test_a_failing_batch_is_written_again_one_by_one_so_only_the_bad_write_fails():
    recorder = Recorder(fail={5}, slow=0.01)
    grouped = GroupCommit(recorder.many, recorder.one, key=lambda item: item, max_running=1)

    results = await asyncio.gather(*(grouped.write(n) for n in range(10)), return_exceptions=True)

    assert [r for r in results if isinstance(r, Exception)] == [results[5]]
    assert [r for n, r in enumerate(results) if n != 5] == [n * 10 for n in range(10) if n != 5]


async def test_a_caller_that_goes_away_leaves_its_write_to_finish():
    recorder = Recorder(slow=0.05)
    grouped = GroupCommit(recorder.many, recorder.one, key=lambda item: item)
    waiting = asyncio.ensure_future(grouped.write(3))
    await asyncio.sleep(0.01)

    waiting.cancel()
    await asyncio.sleep(0.1)

    assert recorder.alone == [3]  # written all the same, as a statement already sent would be
