// Part of the planted violation of tests/layout/violation (never compiled).
#pragma once
