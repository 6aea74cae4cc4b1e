" replylint: nothing runs until require('replylint').setup{} is called from your config.
if exists('g:loaded_replylint') | finish | endif
let g:loaded_replylint = 1
