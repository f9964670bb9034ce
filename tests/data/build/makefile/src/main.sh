#!/bin/sh
echo hello from make
