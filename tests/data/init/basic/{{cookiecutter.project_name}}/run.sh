#!/bin/sh
echo {{ cookiecutter.project_name }}
